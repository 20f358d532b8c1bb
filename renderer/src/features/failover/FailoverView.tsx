/* @jsxRuntime automatic */
/** The Failover view (placeholder until built). */
export function FailoverView() {
  return <section className="view" data-testid="failover-view" />;
}
