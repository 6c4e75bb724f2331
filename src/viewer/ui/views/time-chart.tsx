import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { onThemeChange } from '../theme';

/** One line of a chart; `null` leaves a gap. */
export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

/** Tableau 10: distinguishable in both themes. */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
const HEIGHT = 220;

/**
 * A time-series chart (uPlot, canvas): `timesMs` on the x axis, one line per series (y from 0), a legend
 * with the values under the cursor. Redrawn on resize and on theme change.
 */
export function TimeChart(props: {
  title: string;
  timesMs: number[];
  series: ChartSeries[];
  formatValue: (value: number) => string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const { title, timesMs, series, formatValue } = props;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let chart: uPlot | undefined;
    const draw = () => {
      chart?.destroy();
      const colours = themeColours(element);
      const data: uPlot.AlignedData = [timesMs.map((ms) => ms / 1000), ...series.map((line) => line.values)];
      chart = new uPlot(
        {
          width: Math.max(element.clientWidth, 200),
          height: HEIGHT,
          // Every charted quantity is ≥ 0: the y axis starts at zero so small changes do not look large.
          scales: { x: { time: true }, y: { range: (_chart, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
          legend: { show: true, live: true },
          cursor: { points: { show: false } },
          series: [
            {},
            ...series.map((line, index) => {
              const colour = PALETTE[index % PALETTE.length] as string;
              return {
                label: line.label,
                stroke: colour,
                width: 1.5,
                points: { show: true, size: 3 },
                spanGaps: false,
                value: (_chart: uPlot, value: number | null) => (value === null ? '—' : formatValue(value)),
              };
            }),
          ],
          axes: [
            { stroke: colours.text, grid: { stroke: colours.grid }, ticks: { stroke: colours.grid } },
            {
              stroke: colours.text,
              grid: { stroke: colours.grid },
              ticks: { stroke: colours.grid },
              size: 84,
              values: (_chart, ticks) => ticks.map((tick) => formatValue(tick)),
            },
          ],
        },
        data,
        element,
      );
    };
    draw();
    const resize = new ResizeObserver(() =>
      chart?.setSize({ width: Math.max(element.clientWidth, 200), height: HEIGHT }),
    );
    resize.observe(element);
    const stopThemeWatch = onThemeChange(draw);
    return () => {
      resize.disconnect();
      stopThemeWatch();
      chart?.destroy();
    };
  }, [timesMs, series, formatValue]);

  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="chart-canvas" ref={container} />
      {timesMs.length === 0 && <p class="muted chart-empty">No data in this time range.</p>}
    </figure>
  );
}

function themeColours(element: HTMLElement): { text: string; grid: string } {
  const style = getComputedStyle(element);
  return {
    text: style.getPropertyValue('--text-muted').trim() || '#666',
    grid: style.getPropertyValue('--grid').trim() || '#ddd',
  };
}
