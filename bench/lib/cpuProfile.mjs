// Preloaded with NODE_OPTIONS=--import by `npm run bench -- --profile DIR` (NODE_OPTIONS may not
// carry --cpu-prof): profiles the whole process with the inspector and writes
// DIR/<pid>.cpuprofile when it exits (open it in Chrome DevTools or speedscope).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env['BENCH_PROFILE_DIR'];
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `${process.argv.slice(2).join('_').replace(/[^A-Za-z0-9_.-]/g, '').slice(-60)}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
