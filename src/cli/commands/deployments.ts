import { notImplemented } from '../notImplemented.js';
export async function applyCommand(): Promise<number> { notImplemented('deployments apply'); }
export async function listCommand(): Promise<number> { notImplemented('deployments ls'); }
export async function inspectCommand(): Promise<number> { notImplemented('deployments inspect'); }
export async function pauseCommand(): Promise<number> { notImplemented('deployments pause'); }
export async function resumeCommand(): Promise<number> { notImplemented('deployments resume'); }
export async function removeCommand(): Promise<number> { notImplemented('deployments rm'); }
