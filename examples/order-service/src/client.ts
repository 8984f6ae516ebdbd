import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'crypto';
import { placeOrder } from './workflows';

async function main(): Promise<void> {
  const client = new Client({ connection: await Connection.connect() });
  const result = await client.workflow.execute(placeOrder, {
    taskQueue: 'orders',
    workflowId: `order-${randomUUID()}`,
    args: [{ orderId: 'o-1', amountCents: 1999, customerId: 'c-1', sku: 'sku-1' }],
  });
  console.log(result);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
