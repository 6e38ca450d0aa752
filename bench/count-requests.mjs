// Bench-only preload (node --import): counts the requests each HTTP server of the process serves
// (the embedded sandbox runs one per network) and writes the counts to LM_POST_BENCH_COUNT_FILE.
import { writeFileSync } from 'node:fs';
import http from 'node:http';

const counts = new Map();
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') {
    const port = this.address()?.port;
    counts.set(port, (counts.get(port) ?? 0) + 1);
  }
  return emit.call(this, event, ...args);
};
// The sandbox's servers run in a worker thread (which loads this preload too): only the thread that
// served requests writes the file, and the main thread's empty count does not overwrite it.
process.on('exit', () => {
  if (process.env.LM_POST_BENCH_COUNT_FILE && counts.size) writeFileSync(process.env.LM_POST_BENCH_COUNT_FILE, JSON.stringify([...counts.values()]));
});
