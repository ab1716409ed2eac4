// briefpress schema: the JSON Schemas of brief.yaml and theme.yaml, for editors.
import { resolve } from 'node:path';
import { findRoot, givenRoot } from '../../load/project.js';
import { writeAtomic } from '../../write/write.js';
import type { Command } from '../command.js';

interface SchemaArgs {
  root?: string;
}

export const schema: Command<SchemaArgs> = {
  command: 'schema',
  describe: 'Write the JSON Schemas of brief.yaml and theme.yaml (for editors)',
  builder: (y) =>
    y.option('root', { type: 'string', describe: 'Project root (default: found from the working directory)' }).example('$0 schema', 'Write schema/brief.schema.json and schema/theme.schema.json'),
  async run(args, io) {
    const root = args.root ? givenRoot(args.root, io.cwd) : (findRoot(io.cwd) ?? io.cwd);
    const { briefJsonSchema } = await import('../../load/schema.js');
    const { themeJsonSchema } = await import('../../load/theme.js');
    writeAtomic(resolve(root, 'schema', 'brief.schema.json'), Buffer.from(JSON.stringify(briefJsonSchema(), null, 2) + '\n'));
    writeAtomic(resolve(root, 'schema', 'theme.schema.json'), Buffer.from(JSON.stringify(themeJsonSchema(), null, 2) + '\n'));
    io.out(`wrote ${resolve(root, 'schema')}/brief.schema.json and theme.schema.json\n`);
  },
};
