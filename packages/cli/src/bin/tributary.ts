#!/usr/bin/env node
import { runCli } from '../program.js';
import { processIo } from '../io/process-io.js';

// Exit explicitly: client libraries may leave timers behind, and the exit code is the contract.
const code = await runCli(process.argv.slice(2), processIo());
process.exit(code);
