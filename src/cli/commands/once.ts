import { notImplemented } from '../notImplemented.js';
export async function onceCommand(): Promise<number> { notImplemented('schedule once'); }
