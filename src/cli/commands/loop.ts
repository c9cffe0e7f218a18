import { notImplemented } from '../notImplemented.js';
export async function loopCommand(): Promise<number> { notImplemented('schedule loop'); }
