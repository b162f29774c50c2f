import { buildFraudTopology } from '../topology/fraud-topology.js';

// `npm run describe -w @tributary/example-fraud-detection [-- --mermaid]`
const description = buildFraudTopology().describe();
process.stdout.write(`${process.argv.includes('--mermaid') ? description.toMermaid() : String(description)}\n`);
