import { buildAnalyticsTopology } from '../topology/analytics-topology.js';

// `npm run describe -w @tributary/example-realtime-analytics [-- --mermaid]`
const description = buildAnalyticsTopology().describe();
process.stdout.write(`${process.argv.includes('--mermaid') ? description.toMermaid() : String(description)}\n`);
