#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

const code = await main(process.argv, { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
