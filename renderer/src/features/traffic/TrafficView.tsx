/* @jsxRuntime automatic */
import { useEffect } from 'react';
import { useConsole } from '../../store/index.js';
import { TopSubjectsTable } from './TopSubjectsTable.js';
import { TrafficCharts } from './TrafficCharts.js';
import { TrafficFilterBar } from './TrafficFilterBar.js';
import { TrafficInspector } from './TrafficInspector.js';
import { TrafficSummary } from './TrafficSummary.js';
import { TrafficTail } from './TrafficTail.js';

/** Renewal of the host's tap lease while the view is shown (the lease is 15 s). */
export const WATCH_EVERY_MS = 5000;

/** Live traffic: rates, top subjects and a filtered, sampled tail of the bus, with an inspector. */
export function TrafficView() {
  const watchTraffic = useConsole((state) => state.watchTraffic);
  useEffect(() => {
    void watchTraffic();
    const timer = setInterval(() => void watchTraffic(), WATCH_EVERY_MS);
    return () => clearInterval(timer);
  }, [watchTraffic]);

  return (
    <section className="view traffic" data-testid="traffic-view">
      <h2 className="visually-hidden">Live traffic</h2>
      <TrafficSummary />
      <TrafficCharts />
      <div className="traffic-main">
        <div className="traffic-tail-column">
          <TrafficFilterBar />
          <TrafficTail />
        </div>
        <div className="traffic-side">
          <TrafficInspector />
          <TopSubjectsTable />
        </div>
      </div>
    </section>
  );
}
