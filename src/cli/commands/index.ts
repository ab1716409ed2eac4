// Every command of the CLI, one file each: cli.ts registers them in this order (the order of --help).
import { build } from './build.js';
import { chart } from './chart.js';
import { check } from './check.js';
import { diff } from './diff.js';
import { editions } from './editions.js';
import { factsExtract, factsRead } from './facts.js';
import { init } from './init.js';
import { preflight } from './preflight.js';
import { preview } from './preview.js';
import { schema } from './schema.js';
import { watch } from './watch.js';

export const COMMANDS = [build, watch, preview, chart, preflight, check, editions, diff, init, schema] as const;
export const FACTS_COMMANDS = [factsExtract] as const;
/** `facts FILE.pdf`, the command whose subcommands FACTS_COMMANDS are. */
export { factsRead };
