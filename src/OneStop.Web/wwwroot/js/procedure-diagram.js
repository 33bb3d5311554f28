// Procedure page: draws the procedure's state machine (Graphviz DOT, from the server) as SVG in the browser with
// @viz-js/viz (Graphviz compiled to WebAssembly, served from /lib/viz, no CDN). The numbered step list stays on the
// page when the diagram cannot be drawn (no WebAssembly, a broken file, a DOT error).
import { instance } from '../lib/viz/viz.js';

const figure = document.querySelector('[data-procedure-diagram]');
if (figure) {
  const source = figure.querySelector('#procedure-diagram-dot');
  const output = figure.querySelector('[data-diagram-output]');
  const fallback = figure.querySelector('[data-diagram-fallback]');
  try {
    const viz = await instance();
    const svg = viz.renderSVGElement(source.textContent, { engine: 'dot' });
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('aria-hidden', 'true');
    output.replaceChildren(svg);
    fallback.hidden = true;
    figure.dataset.rendered = 'true';
  } catch (error) {
    output.replaceChildren();
    fallback.hidden = false;
    figure.dataset.rendered = 'false';
    console.warn('Không vẽ được sơ đồ quy trình', error);
  }
}
