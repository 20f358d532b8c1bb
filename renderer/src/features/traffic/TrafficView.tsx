/* @jsxRuntime automatic */
/** The Traffic view (placeholder until built). */
export function TrafficView() {
  return <section className="view" data-testid="traffic-view" />;
}
