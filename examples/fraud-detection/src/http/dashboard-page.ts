/** A dependency-free page polling the JSON endpoints once a second. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tributary · fraud detection</title>
<style>
 body{font:14px system-ui,sans-serif;margin:24px;color:#1b2733;background:#f6f8fa}
 h1{font-size:20px;margin:0 0 4px} .sub{color:#5b6b7a;margin-bottom:16px}
 .stats{display:flex;gap:12px;margin-bottom:16px} .stat{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:8px 12px}
 .stat b{display:block;font-size:18px} table{border-collapse:collapse;width:100%;background:#fff}
 td,th{border-bottom:1px solid #e4e8ec;padding:6px 8px;text-align:left;vertical-align:top} th{background:#eef2f5}
 .reason{font-weight:600} .velocity{color:#b35900}.amount-anomaly{color:#8a2be2}.impossible-travel{color:#c0392b}.blocked-card{color:#000}.risky-merchant{color:#0b6e4f}
 form{margin:16px 0} pre{background:#fff;border:1px solid #d8dee4;padding:8px;max-height:240px;overflow:auto}
</style></head><body>
<h1>Fraud detection</h1><div class="sub">Alerts raised by the topology, read from <code>fraud-alerts</code>; card lookups answered by interactive queries on local state stores.</div>
<div class="stats" id="stats"></div>
<form id="lookup"><input id="card" placeholder="card-00042" size="14"> <button>Look up card</button></form>
<pre id="card-out" hidden></pre>
<table><thead><tr><th>time (event)</th><th>card</th><th>reason</th><th>what happened</th></tr></thead><tbody id="alerts"></tbody></table>
<script>
const esc = (s) => String(s).replace(/[&<>]/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));
async function refresh() {
  try {
    const [stats, alerts] = await Promise.all([fetch('/api/stats').then((r) => r.json()), fetch('/api/alerts').then((r) => r.json())]);
    document.getElementById('stats').innerHTML = Object.entries(stats).map(([k, v]) => '<div class="stat">' + esc(k) + '<b>' + esc(v) + '</b></div>').join('');
    document.getElementById('alerts').innerHTML = alerts.map((a) => '<tr><td>' + new Date(a.timestamp).toISOString().slice(11, 19) + '</td><td><a href="#" data-card="' + esc(a.cardId) + '">' + esc(a.cardId) + '</a></td><td class="reason ' + esc(a.reason) + '">' + esc(a.reason) + '</td><td>' + esc(a.summary) + '</td></tr>').join('');
  } catch {}
}
async function lookup(id) {
  const out = document.getElementById('card-out');
  out.hidden = false;
  out.textContent = JSON.stringify(await fetch('/api/cards/' + encodeURIComponent(id)).then((r) => r.json()), null, 2);
}
document.getElementById('lookup').addEventListener('submit', (e) => { e.preventDefault(); lookup(document.getElementById('card').value.trim()); });
document.getElementById('alerts').addEventListener('click', (e) => { const id = e.target.dataset && e.target.dataset.card; if (id) { e.preventDefault(); lookup(id); } });
refresh(); setInterval(refresh, 1000);
</script></body></html>`;
