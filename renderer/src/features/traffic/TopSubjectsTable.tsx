/* @jsxRuntime automatic */
import { formatBytes, formatRate } from '../../components/index.js';
import { useConsole } from '../../store/index.js';

/** The busiest subjects: recent msgs/s, and totals since the tap started. */
export function TopSubjectsTable() {
  const top = useConsole((state) => state.trafficTop);
  return (
    <section className="traffic-top" aria-labelledby="traffic-top-title">
      <h3 id="traffic-top-title">Top subjects</h3>
      {top.length === 0 ? (
        <p className="muted">No subject seen yet.</p>
      ) : (
        <table className="data-table" data-testid="traffic-top">
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col" className="num">msg/s</th>
              <th scope="col" className="num">msgs</th>
              <th scope="col" className="num">bytes</th>
            </tr>
          </thead>
          <tbody>
            {top.map((row) => (
              <tr key={row.subject} data-testid={`traffic-top-row-${row.subject}`}>
                <td className="mono">
                  <span className={`cls-dot cls-${row.cls}`} aria-hidden="true" />
                  {row.subject}
                </td>
                <td className="num">{formatRate(row.msgsPerSec)}</td>
                <td className="num">{row.msgs.toLocaleString('en-US')}</td>
                <td className="num">{formatBytes(row.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
