/* @jsxRuntime automatic */
/** The TestLab view (placeholder until built). */
export function TestLabView() {
  return <section className="view" data-testid="testLab-view" />;
}
