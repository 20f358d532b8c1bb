/* @jsxRuntime automatic */
import type { ReportSummary } from '../../../../node-runtime/contract/index.js';
import { formatClock, StatusBadge } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { saveFile } from './saveFile.js';

/** Finished runs, newest first, each downloadable as a self-contained HTML page or as JSON. */
export function ReportsPanel({ reports, folder }: { reports: ReportSummary[]; folder: string | null }) {
  const fetchReport = useConsole((state) => state.fetchReport);
  const download = async (id: string, format: 'json' | 'html') => {
    const file = await fetchReport(id, format);
    if (file) saveFile(file);
  };
  return (
    <section className="panel failover-reports" aria-label="Reports">
      <h2>Reports</h2>
      {reports.length === 0 ? (
        <p className="muted">No report yet: run a scenario.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>finished</th>
              <th>scenario</th>
              <th>verdict</th>
              <th className="num">sent</th>
              <th className="num">acked</th>
              <th className="num">delivered</th>
              <th className="num">dup.</th>
              <th className="num">lost</th>
              <th>download</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((report) => (
              <tr key={report.id} data-testid={`report-${report.id}`} data-verdict={report.verdict}>
                <td>{formatClock(report.finishedAt)}</td>
                <td>{report.scenario}</td>
                <td>
                  <StatusBadge tone={report.verdict === 'pass' ? 'ok' : 'bad'} label={report.verdict} />
                </td>
                <td className="num">{report.counts.sent}</td>
                <td className="num">{report.counts.acknowledged}</td>
                <td className="num">{report.counts.delivered}</td>
                <td className="num" data-testid={`report-duplicated-${report.id}`}>
                  {report.counts.duplicated}
                </td>
                <td className="num" data-testid={`report-lost-${report.id}`}>
                  {report.counts.lost}
                </td>
                <td>
                  <button type="button" className="button" data-testid={`download-html-${report.id}`} onClick={() => void download(report.id, 'html')}>
                    HTML
                  </button>{' '}
                  <button type="button" className="button" data-testid={`download-json-${report.id}`} onClick={() => void download(report.id, 'json')}>
                    JSON
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {folder !== null && <p className="muted">Reports are also saved in {folder}/reports.</p>}
    </section>
  );
}
