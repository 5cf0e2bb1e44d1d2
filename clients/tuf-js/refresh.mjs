// Refreshes a TUF repository with tuf-js (a TUF client nobody in this project wrote) and downloads
// one target. Used by ExternalClientTufJsIT against `trust-mirror serve`.
//
//   node refresh.mjs --metadata-url URL --targets-url URL --metadata-dir DIR
//                    --target NAME --out FILE [--time ISO-8601]
//
// DIR must hold the pinned root as `root.json` (tuf-js's trust anchor); tuf-js writes the metadata
// it accepts there. On success prints one JSON line with the versions tuf-js trusts and exits 0;
// on any failure prints the error (name, message) on stderr and exits 1.
//
// --time: tuf-js takes "now" with `new Date()` when its Updater is created (TUF 5.1) and offers no
// clock option, so the only way to check metadata that is expired today (Sigstore's real history)
// is to pin the clock of the whole process: `Date` is replaced before tuf-js is loaded by a
// subclass whose no-argument form and `Date.now()` return the given instant. Dates built from a
// value (the `expires` fields) are untouched.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    'metadata-url': { type: 'string' },
    'targets-url': { type: 'string' },
    'metadata-dir': { type: 'string' },
    target: { type: 'string' },
    out: { type: 'string' },
    time: { type: 'string' },
  },
  strict: true,
});
for (const required of ['metadata-url', 'targets-url', 'metadata-dir', 'target', 'out']) {
  if (!args[required]) {
    console.error(`refresh.mjs: missing --${required}`);
    process.exit(2);
  }
}

if (args.time) {
  pinClock(args.time);
}

// Loaded only now, so that tuf-js sees the pinned Date when --time is given.
const { Updater } = await import('tuf-js');

try {
  const updater = new Updater({
    metadataBaseUrl: args['metadata-url'],
    targetBaseUrl: args['targets-url'],
    metadataDir: args['metadata-dir'],
    targetDir: dirname(args.out),
    // No retries: a flaky server must show up as a failure, not be papered over.
    config: { fetchRetry: 0 },
  });
  await updater.refresh();
  const info = await updater.getTargetInfo(args.target);
  if (!info) {
    throw new Error(`target ${args.target} is not in the repository's targets`);
  }
  mkdirSync(dirname(args.out), { recursive: true });
  await updater.downloadTarget(info, args.out);
  const trusted = updater.trustedSet;
  console.log(
    JSON.stringify({
      target: args.target,
      length: info.length,
      root: trusted.root.signed.version,
      timestamp: trusted.timestamp.signed.version,
      snapshot: trusted.snapshot.signed.version,
      targets: trusted.targets.signed.version,
      referenceTime: trusted.referenceTime.toISOString(),
    }),
  );
} catch (error) {
  console.error(`tuf-js refresh failed: ${error?.name}: ${error?.message}`);
  process.exit(1);
}

function pinClock(iso) {
  const fixed = Date.parse(iso);
  if (Number.isNaN(fixed)) {
    console.error(`refresh.mjs: --time ${iso} is not an ISO-8601 instant`);
    process.exit(2);
  }
  const RealDate = Date;
  class PinnedDate extends RealDate {
    constructor(...values) {
      if (values.length === 0) {
        super(fixed);
      } else {
        super(...values);
      }
    }
    static now() {
      return fixed;
    }
  }
  globalThis.Date = PinnedDate;
}
