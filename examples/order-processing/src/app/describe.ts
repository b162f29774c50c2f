import { buildInventoryTopology } from '../topology/inventory-topology.js';
import { buildOrderStatusTopology } from '../topology/order-status-topology.js';

// `npm run describe -w @tributary/example-order-processing [-- --mermaid]`
const mermaid = process.argv.includes('--mermaid');
for (const [name, topology] of [['inventory-service', buildInventoryTopology()], ['order-status-service', buildOrderStatusTopology()]] as const) {
  const description = topology.describe();
  process.stdout.write(`# ${name}\n${mermaid ? description.toMermaid() : String(description)}\n`);
}
