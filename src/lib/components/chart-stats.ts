/**
 * What the charts have done, counted for the wall's browser benchmark (bench/p5-browser.ts reads
 * it through the wall's stats): every setOption, and a chart given two options within one
 * animation frame (should stay 0). Chart.svelte counts; whoever measures reads.
 */
export const chartStats = { setOptions: 0, sameFrameRepeats: 0 };
