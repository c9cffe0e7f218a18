import { notImplemented } from '../notImplemented.js';
export async function runsListCommand(): Promise<number> { notImplemented('runs ls'); }
