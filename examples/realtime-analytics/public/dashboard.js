/* The live dashboard: one EventSource, one handler per result table. Plain browser JS, no build. */
(() => {
  'use strict';
  const PALETTE = ['#2f6fde', '#d9822b', '#1f9d6b', '#8e5bd8', '#d64545', '#1aa3b8', '#b8a01a', '#6b7a8f'];
  const $ = (id) => document.getElementById(id);
  const fmt = (n) => Number(n).toLocaleString('en-US');
  const clock = (ms) => new Date(ms).toISOString().slice(11, 19);
  const money = (cents) => '$' + (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 });
  const pct = (a, b) => (b === 0 ? '–' : ((100 * a) / b).toFixed(1) + '%');
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

  Chart.defaults.font.family = 'system-ui, "DejaVu Sans", sans-serif';
  Chart.defaults.font.size = 11;
  Chart.defaults.color = '#66768a';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  const grid = { color: '#eef1f5' };

  const pageViewsChart = new Chart($('chart-page-views'), {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: { scales: { x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } }, y: { stacked: true, grid, beginAtZero: true } }, plugins: { legend: { position: 'right', labels: { boxWidth: 10 } } } },
  });
  const topPagesChart = new Chart($('chart-top-pages'), {
    type: 'bar',
    data: { labels: [], datasets: [{ data: [], backgroundColor: '#2f6fde', borderRadius: 3 }] },
    options: { indexAxis: 'y', scales: { x: { grid, beginAtZero: true }, y: { grid: { display: false }, ticks: { autoSkip: false } } }, plugins: { legend: { display: false } } },
  });
  const visitorsChart = new Chart($('chart-visitors'), {
    type: 'line',
    data: { labels: [], datasets: [{ label: 'unique visitors', data: [], borderColor: '#8e5bd8', backgroundColor: 'rgba(142,91,216,.15)', fill: true, tension: 0.3, pointRadius: 3 }] },
    options: { scales: { x: { grid: { display: false } }, y: { grid, beginAtZero: true } }, plugins: { legend: { display: false } } },
  });
  const sessionsChart = new Chart($('chart-sessions'), {
    type: 'line',
    data: { labels: [], datasets: [{ label: 'active sessions', data: [], borderColor: '#1f9d6b', backgroundColor: 'rgba(31,157,107,.15)', fill: true, tension: 0.3, pointRadius: 0 }] },
    options: { scales: { x: { grid: { display: false }, ticks: { maxTicksLimit: 6 } }, y: { grid, beginAtZero: true } }, plugins: { legend: { display: false } } },
  });
  const referrersChart = new Chart($('chart-referrers'), {
    type: 'doughnut',
    data: { labels: [], datasets: [{ data: [], backgroundColor: PALETTE, borderWidth: 1 }] },
    options: { cutout: '58%', plugins: { legend: { position: 'right', labels: { boxWidth: 10 } } } },
  });

  const handlers = {
    'page-views'(d) {
      const windows = d.windows;
      const totals = {};
      for (const w of windows) for (const [p, n] of Object.entries(w.views)) totals[p] = (totals[p] || 0) + n;
      const top = Object.entries(totals).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([p]) => p);
      pageViewsChart.data.labels = windows.map((w) => clock(w.start));
      pageViewsChart.data.datasets = [
        ...top.map((p, i) => ({ label: p, data: windows.map((w) => w.views[p] || 0), backgroundColor: PALETTE[i] })),
        { label: 'other pages', data: windows.map((w) => w.total - top.reduce((s, p) => s + (w.views[p] || 0), 0)), backgroundColor: '#c5ceda' },
      ];
      pageViewsChart.update();
      const last = windows[windows.length - 1];
      $('latest-window-total').textContent = last ? fmt(last.total) : '–';
      $('latest-window-total').dataset.start = last ? String(last.start) : '';
    },
    'top-pages'(d) {
      if (d === null) return;
      $('top-pages-minute').textContent = 'minute ' + clock(d.start).slice(0, 5) + ' · ' + fmt(d.totalViews) + ' views';
      topPagesChart.data.labels = d.top.map((t) => t.page);
      topPagesChart.data.datasets[0].data = d.top.map((t) => t.views);
      topPagesChart.update();
      $('top-pages-list').innerHTML = d.top.map((t, i) =>
        '<li data-page="' + esc(t.page) + '"><span class="page">' + (i + 1) + '. ' + esc(t.page) + '</span><span class="views">' + t.views + '</span></li>').join('');
    },
    'unique-visitors'(d) {
      visitorsChart.data.labels = d.map((v) => clock(v.start).slice(0, 5));
      visitorsChart.data.datasets[0].data = d.map((v) => v.visitors);
      visitorsChart.update();
      const last = d[d.length - 1];
      $('kpi-visitors').textContent = last ? fmt(last.visitors) : '–';
      $('kpi-visitors').dataset.value = last ? String(last.visitors) : '';
      $('kpi-visitors-minute').textContent = last ? 'minute starting ' + clock(last.start).slice(0, 5) : '';
    },
    sessions(d) {
      $('kpi-active').textContent = fmt(d.active);
      $('kpi-active').dataset.value = String(d.active);
      $('kpi-users').textContent = fmt(d.users) + ' visitors seen';
      if (d.eventTime > 0) $('event-time').textContent = clock(d.eventTime);
      sessionsChart.data.labels = d.history.map((h) => clock(h.eventTime));
      sessionsChart.data.datasets[0].data = d.history.map((h) => h.active);
      sessionsChart.update();
      const refs = Object.entries(d.byReferrer).sort((a, b) => b[1] - a[1]);
      referrersChart.data.labels = refs.map(([r]) => r);
      referrersChart.data.datasets[0].data = refs.map(([, n]) => n);
      referrersChart.update();
    },
    funnel(d) {
      const t = d.total;
      $('kpi-sessions').textContent = fmt(t.sessions);
      $('kpi-conversion').textContent = pct(t.purchased, t.viewed);
      $('kpi-purchases').textContent = fmt(t.purchased) + ' purchases of ' + fmt(t.viewed) + ' sessions with a view';
      $('kpi-revenue').textContent = money(t.revenueCents);
      const steps = [['viewed', t.viewed], ['cart', t.carted], ['purchased', t.purchased]];
      $('funnel-bars').innerHTML = steps.map(([name, n]) =>
        '<div class="step"><span>' + name + '</span><div><div class="bar" style="width:' + (t.viewed === 0 ? 0 : (100 * n) / t.viewed) + '%"></div></div><b>' + fmt(n) + '</b></div>').join('');
      const row = (name, f, cls) => '<tr data-referrer="' + esc(name) + '"' + (cls ? ' class="' + cls + '"' : '') + '><td>' + esc(name) +
        '</td><td data-field="sessions">' + f.sessions + '</td><td data-field="carted">' + f.carted + '</td><td data-field="purchased">' + f.purchased +
        '</td><td>' + pct(f.purchased, f.viewed) + '</td><td>' + money(f.revenueCents) + '</td></tr>';
      $('funnel-table').tBodies[0].innerHTML = Object.entries(d.byReferrer).map(([r, f]) => row(r, f, '')).join('') + row('all', t, 'total');
    },
    progress(d) {
      $('app-state').textContent = d.state;
      $('kpi-rate').textContent = fmt(d.rate) + '/s';
      $('kpi-processed').textContent = 'peak ' + fmt(d.peakRate) + '/s · ' + fmt(d.processed) + ' records through ' + d.tasks.length + ' tasks';
      $('commit-lag').textContent = fmt(d.lag);
      $('produced').textContent = fmt(d.produced);
      $('tasks-table').tBodies[0].innerHTML = d.tasks.map((t) =>
        '<tr data-task="' + esc(t.task) + '"><td>' + esc(t.task) + '</td><td>' + fmt(t.processed) + '</td><td>' + fmt(t.rate) + '</td></tr>').join('');
      // One row per input topic (internal topics without the application-id prefix), partitions summed.
      const byTopic = new Map();
      for (const l of d.lags) {
        const t = byTopic.get(l.topic) || { partitions: 0, lag: 0 };
        byTopic.set(l.topic, { partitions: t.partitions + 1, lag: t.lag + l.lag });
      }
      $('lag-table').tBodies[0].innerHTML = [...byTopic].map(([topic, t]) =>
        '<tr><td title="' + esc(topic) + '">' + esc(topic.replace(/^realtime-analytics-/, '…-')) + '</td><td>' + t.partitions + '</td><td>' + fmt(t.lag) + '</td></tr>').join('') ||
        '<tr><td colspan="3">no input partitions assigned yet</td></tr>';
    },
  };

  const source = new EventSource('/events');
  const status = $('feed-status');
  source.onopen = () => { status.dataset.state = 'live'; status.textContent = 'live'; };
  source.onerror = () => { status.dataset.state = 'down'; status.textContent = 'reconnecting…'; };
  for (const [name, handle] of Object.entries(handlers)) {
    source.addEventListener(name, (e) => {
      handle(JSON.parse(e.data));
      document.body.dataset['seen' + name.replace(/-./g, (m) => m[1].toUpperCase()).replace(/^./, (c) => c.toUpperCase())] = 'true';
    });
  }

  // The topology: describe().toMermaid() as the runtime compiled it (sub-topologies side by side).
  mermaid.initialize({ startOnLoad: false, theme: 'neutral', flowchart: { useMaxWidth: true, nodeSpacing: 18, rankSpacing: 28 }, themeVariables: { fontSize: '15px' }, securityLevel: 'strict', maxTextSize: 200000 });
  fetch('/api/topology').then((r) => r.json()).then(async (t) => {
    const { svg } = await mermaid.render('topology-graph', t.mermaid);
    $('topology').innerHTML = svg;
    $('topology').dataset.rendered = 'true';
  }).catch((e) => { $('topology').textContent = 'could not render the topology: ' + e; });
})();
