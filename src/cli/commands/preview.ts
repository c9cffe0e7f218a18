import { notImplemented } from '../notImplemented.js';
export async function previewCommand(): Promise<number> { notImplemented('schedule preview'); }
