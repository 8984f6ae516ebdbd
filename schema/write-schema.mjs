// npm run schema: regenerates schema/wfo.config.schema.json from the rule registry.
import { writeFileSync } from 'node:fs';
const { configSchema } = await import('../dist/src/config/schema.js');
writeFileSync(new URL('../schema/wfo.config.schema.json', import.meta.url), `${JSON.stringify(configSchema(), null, 2)}\n`);
