// The environment of briefpress's own Node processes.
//
// Node 20 reads the file NODE_EXTRA_CA_CERTS names as it starts, before any of our code runs
// (nodejs/node#40524): with the 220 KB bundle of a typical corporate or CI machine, every start
// costs ~35 ms more (19 -> 56 ms for `node -e 0`, and a cold build 0.28 -> 0.24 s). briefpress
// opens no TLS connection (charts never load from the network), so its own processes start
// without it: bin/briefpress, and every Node process briefpress starts, move it aside into
// KEPT_CA_CERTS; each process puts it back into its own process.env first thing, so whatever
// else it starts (a browser for the preview) gets the user's environment as it was.
//
// They also start with glibc's malloc on transparent huge pages (GLIBC_TUNABLES, read by glibc as
// the process starts; glibc before 2.35, musl and macOS ignore it). Node reads the startup
// snapshot into two malloc'd copies of the blob before V8 deserialises it: for the 22 MB blob of
// the time, in 4 KB pages, that was ~11,000 page faults, each ~9 us on a virtual machine that shadows its guest's page
// tables (this project's own: 25,200 faults and 0.57 s for a cold build, 13,800 and 0.44 s with
// the tunable). The user's own setting of it is kept aside and put back the same way.

/** Where the user's NODE_EXTRA_CA_CERTS waits while a briefpress process starts (bin/briefpress uses the same name). */
export const KEPT_CA_CERTS = 'BRIEFPRESS_NODE_EXTRA_CA_CERTS';

/**
 * Where the user's GLIBC_TUNABLES waits (bin/briefpress uses the same name): "=" and the value
 * when it was set, empty when it was not. Absent when briefpress did not change it.
 */
export const KEPT_TUNABLES = 'BRIEFPRESS_GLIBC_TUNABLES';

/** glibc's malloc asks for transparent huge pages (madvise) for its heap and large blocks. */
export const HUGE_PAGE_MALLOC = 'glibc.malloc.hugetlb=1';

/** Puts the user's NODE_EXTRA_CA_CERTS and GLIBC_TUNABLES back where they were, if they were changed for this process. */
export function restoreUserEnv(env: NodeJS.ProcessEnv = process.env): void {
  if (env[KEPT_CA_CERTS] !== undefined) {
    env.NODE_EXTRA_CA_CERTS = env[KEPT_CA_CERTS];
    delete env[KEPT_CA_CERTS];
  }
  const tunables = env[KEPT_TUNABLES];
  if (tunables !== undefined) {
    if (tunables.startsWith('=')) env.GLIBC_TUNABLES = tunables.slice(1);
    else delete env.GLIBC_TUNABLES;
    delete env[KEPT_TUNABLES];
  }
}

/** `env` for a Node process of briefpress's own: NODE_EXTRA_CA_CERTS moved aside, malloc on huge pages. */
export function ownNodeEnv(env: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, ...extra };
  if (out.NODE_EXTRA_CA_CERTS !== undefined) {
    out[KEPT_CA_CERTS] = out.NODE_EXTRA_CA_CERTS;
    delete out.NODE_EXTRA_CA_CERTS;
  }
  const tunables = out.GLIBC_TUNABLES;
  // A user who set the malloc's huge pages either way has the last word.
  if (!tunables?.includes('glibc.malloc.hugetlb=')) {
    out[KEPT_TUNABLES] = tunables === undefined ? '' : `=${tunables}`;
    out.GLIBC_TUNABLES = tunables ? `${tunables}:${HUGE_PAGE_MALLOC}` : HUGE_PAGE_MALLOC;
  }
  return out;
}
