import buttonCss from '@/ui/button.module.css';
import layoutCss from '@/ui/layout.module.css';
import panelCss from '@/ui/panel.module.css';
import textCss from '@/ui/text.module.css';
import styles from './GraphOnDemand.module.css';

/**
 * Past this many steps the graph is drawn when asked for: laying out thousands of nodes holds
 * the page for seconds, and the summary, the list and the story already say where things stand.
 * Raise it once the graph lays out that many steps off the main thread.
 */
export const GRAPH_ON_DEMAND_OVER = 2_000;

/** The graph's place on a page whose workflow is too big to draw at once. */
export function GraphOnDemand({ steps, onDraw }: { steps: number; onDraw: () => void }) {
  return (
    <section
      className={`${layoutCss.card} ${panelCss.panel} ${styles.onDemand}`}
      aria-label="Graph"
      data-testid="graph-on-demand"
    >
      <p className={textCss.muted}>
        {steps.toLocaleString('en')} steps: the graph is drawn when you ask for it.
      </p>
      <button
        type="button"
        className={`${buttonCss.btn} ${buttonCss.btnSm}`}
        data-testid="draw-graph"
        onClick={onDraw}
      >
        Draw the graph
      </button>
    </section>
  );
}
