// Supervisor dashboard: month-by-month trend charts drawn with Chart.js (served from /lib/chart, no CDN) from
// /api/kpi/trend. The same numbers stay in the table under the charts, which is what screen readers and a page
// without scripts get.
'use strict';

(async () => {
  const section = document.querySelector('[data-trend-url]');
  if (!section || typeof Chart === 'undefined') {
    return;
  }
  const error = section.querySelector('[data-testid="chart-error"]');
  try {
    const response = await fetch(section.dataset.trendUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    draw(await response.json());
    section.dataset.rendered = 'true';
  } catch (e) {
    error.hidden = false;
    section.dataset.rendered = 'false';
    console.warn('Không vẽ được biểu đồ diễn biến', e);
  }
})();

function draw(trend) {
  const numbers = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
  const labels = trend.months.map(m => `${m.month.slice(5, 7)}/${m.month.slice(0, 4)}`);
  const figure = key => trend.months.map(m => m.figures.find(f => f.key === key));
  const values = key => figure(key).map(f => f.value);
  const labelOf = key => figure(key)[0].label;
  Chart.defaults.locale = 'vi-VN';
  // Figures, not a show: drawn at once (also what a screenshot or a reduced-motion user sees).
  Chart.defaults.animation = false;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;

  const channels = [
    ['received.counter', '#0d6efd'],
    ['received.online', '#198754'],
    ['received.postal', '#fd7e14'],
  ];
  new Chart(document.getElementById('chart-received'), {
    type: 'bar',
    data: {
      labels,
      datasets: channels.map(([key, colour]) => ({ label: labelOf(key), data: values(key), backgroundColor: colour })),
    },
    options: {
      maintainAspectRatio: false,
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'hồ sơ' } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });

  const rates = [
    ['rates.onTime', '#6f42c1'],
    ['rates.transfersElectronic', '#0d6efd'],
    ['rates.online', '#198754'],
    ['rates.onlinePayment', '#fd7e14'],
  ];
  const lines = rates.map(([key, colour]) => ({
    label: labelOf(key), data: values(key), borderColor: colour, backgroundColor: colour, tension: 0.2, spanGaps: false,
  }));
  // The plan's targets as dashed horizontal lines, in the colour of their rate.
  const targets = rates.flatMap(([key, colour]) => {
    const f = figure(key)[0];
    return [[f.target, 2025], [f.target2030, 2030]].filter(([t]) => t !== null).map(([t, year]) => ({
      label: `Chỉ tiêu ${year}: ${f.label} (${numbers.format(t)} %)`,
      data: labels.map(() => t),
      borderColor: colour,
      borderDash: year === 2025 ? [6, 4] : [2, 3],
      borderWidth: 1.5,
      pointRadius: 0,
      fill: false,
    }));
  });
  new Chart(document.getElementById('chart-rates'), {
    type: 'line',
    data: { labels, datasets: [...lines, ...targets] },
    options: {
      maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } } },
      plugins: {
        legend: { position: 'bottom', labels: { boxHeight: 2 } },
        tooltip: { callbacks: { label: c => `${c.dataset.label}: ${c.raw === null ? '—' : numbers.format(c.raw) + ' %'}` } },
      },
    },
  });
}
