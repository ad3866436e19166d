// Swarmgate stats page: polls the JSON data (the body's data-source) every second and redraws the tables.
// Everything is written with textContent, never as HTML, so a service name or message cannot inject markup.
'use strict';
(function () {
  const POLL_MS = 1000;
  // From the origin, never relative to the page: a page opened as http://user:pass@host/... would lend its
  // credentials to a relative URL, and fetch refuses URLs with credentials.
  const source = window.location.origin + document.body.dataset.source;
  const byId = (id) => document.getElementById(id);
  let lastSummary = '';

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function cell(row, label, content, className) {
    const td = el('td', null, className);
    td.dataset.label = label;
    if (content instanceof Node) td.appendChild(content); else td.textContent = content;
    row.appendChild(td);
    return td;
  }

  function list(items) {
    const ul = el('ul', null, 'plain');
    items.forEach((item) => {
      const li = el('li');
      if (item instanceof Node) li.appendChild(item); else li.textContent = item;
      ul.appendChild(li);
    });
    return ul;
  }

  function time(iso) {
    const t = el('time', new Date(iso).toLocaleTimeString());
    t.dateTime = iso;
    return t;
  }

  function fill(tbody, rows) {
    tbody.replaceChildren(...rows);
  }

  // E.g. "api.example.com/api → 127.0.0.1:8080 · BasicAuth, PathRewrite"; ":8443 tcp → redis:6379".
  function routeText(r, service) {
    let where = r.srcPort > 0 ? ':' + r.srcPort + ' ' : '';
    if (r.reqMode !== 'http') where += r.reqMode + ' ';
    where += r.domains.join(', ');
    if (r.paths.length) {
      // One domain reads as a URL (api.example.com/api); several are listed before the paths.
      where += (r.domains.length > 1 ? ' ' : '') + r.paths.join(', ')
        + (r.pathType !== 'prefix' ? ' (' + r.pathType + ')' : '');
    }
    if (r.pathExcludes.length) where += ' not ' + r.pathExcludes.join(', ');
    let text = (where.trim() || 'default') + ' \u2192 ' + (r.outboundHostname || service) + ':' + r.port;
    if (r.rules.length) text += ' \u00b7 ' + r.rules.join(', ');
    return text;
  }

  function endpointNode(e) {
    const span = el('span');
    span.appendChild(el('span', e.address, 'mono'));
    const health = e.ejected ? 'ejected' : (e.healthy ? 'healthy' : 'unhealthy');
    span.appendChild(document.createTextNode(' '));
    span.appendChild(el('span', health, e.healthy && !e.ejected ? 'healthy' : 'unhealthy'));
    span.appendChild(document.createTextNode(' \u00b7 ' + e.inFlight + ' in flight'));
    return span;
  }

  function number(value, digits) {
    return Number(value).toFixed(digits);
  }

  function renderServices(data) {
    const rows = data.services.map((s) => {
      const row = el('tr');
      row.dataset.service = s.name;
      const head = el('th');
      head.scope = 'row';
      head.appendChild(el('span', s.name));
      head.appendChild(document.createTextNode(' '));
      head.appendChild(el('span', s.source, 'badge'));
      row.appendChild(head);
      cell(row, 'Routes', list(s.routes.map((r) => routeText(r, s.name))));
      const endpoints = s.endpoints.length ? list(s.endpoints.map(endpointNode))
        : el('span', s.problem || (s.backends.length ? 'no endpoint resolved yet' : 'no backend'), 'quiet');
      cell(row, 'Endpoints', endpoints);
      const t = s.traffic;
      if (t) {
        cell(row, 'Requests/s', number(t.requestsPerSecond, 2), 'num');
        cell(row, 'Errors', number(t.errorRatio * 100, 1) + ' %', 'num');
        cell(row, 'Latency p50 / p95 / p99',
          number(t.p50Millis, 0) + ' / ' + number(t.p95Millis, 0) + ' / ' + number(t.p99Millis, 0) + ' ms', 'num');
        cell(row, 'In flight', t.activeRequests, 'num');
      } else {
        const none = cell(row, 'Traffic', 'no traffic yet', 'quiet');
        none.colSpan = 4;
      }
      return row;
    });
    fill(byId('services').tBodies[0], rows);
    byId('no-services').hidden = rows.length > 0;
  }

  function renderJournal(data) {
    const problems = data.reconfigures.filter((r) => r.outcome !== 'applied');
    fill(byId('problems').tBodies[0], problems.map((r) => {
      const row = el('tr');
      row.dataset.service = r.service;
      cell(row, 'Time', time(r.at));
      cell(row, 'Source', r.source);
      const name = el('th', r.service || '(no name)');
      name.scope = 'row';
      row.appendChild(name);
      cell(row, 'Outcome', r.outcome === 'rejected' ? 'rejected' : 'partly ignored', r.outcome);
      cell(row, 'Message', r.message);
      return row;
    }));
    byId('no-problems').hidden = problems.length > 0;
    const applied = data.reconfigures.filter((r) => r.outcome === 'applied').slice(0, 15);
    fill(byId('changes').tBodies[0], applied.map((r) => {
      const row = el('tr');
      row.dataset.service = r.service;
      cell(row, 'Time', time(r.at));
      cell(row, 'Source', r.source);
      const name = el('th', r.service);
      name.scope = 'row';
      row.appendChild(name);
      cell(row, 'Note', r.message || 'applied');
      return row;
    }));
    byId('no-changes').hidden = applied.length > 0;
    return problems.length;
  }

  function renderReplicas(data) {
    const section = byId('replicas');
    const replicas = data.replicas;
    section.hidden = !replicas;
    if (!replicas) return;
    byId('replica-peers').textContent = replicas.peers;
    byId('replica-sync').textContent = replicas.initialSyncDone ? 'done' : 'waiting for the first list';
    fill(byId('listeners').tBodies[0], replicas.listeners.map((l) => {
      const row = el('tr');
      const name = el('th', l.listener, 'mono');
      name.scope = 'row';
      row.appendChild(name);
      cell(row, 'Services', l.services, 'num');
      cell(row, 'Last list', l.lastList ? time(l.lastList) : 'none yet');
      cell(row, 'Feed version', l.version === null ? 'pulled (no version)' : l.version);
      return row;
    }));
  }

  function render(data) {
    byId('config-version').textContent = data.config.version;
    byId('config-fingerprint').textContent = data.config.fingerprint;
    byId('service-count').textContent = data.config.services;
    byId('listener-ports').textContent = data.listeners.length
      ? data.listeners.map((l) => l.port + (l.protocol === 'tcp' ? '/tcp' : (l.ssl ? ' (ssl)' : ''))).join(', ')
      : 'none';
    renderServices(data);
    const problems = renderJournal(data);
    renderReplicas(data);
    const updated = byId('updated');
    updated.dateTime = data.generatedAt;
    updated.textContent = new Date(data.generatedAt).toLocaleTimeString();
    // Announced only when it changes, not at every poll.
    const summary = 'Live: ' + data.config.services + ' service(s), ' + problems + ' configuration problem(s)';
    if (summary !== lastSummary) {
      const status = byId('status');
      status.textContent = summary;
      status.classList.remove('lost');
      lastSummary = summary;
    }
  }

  async function poll() {
    try {
      const response = await fetch(source, { cache: 'no-store', credentials: 'same-origin' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      render(await response.json());
    } catch (e) {
      const status = byId('status');
      const text = 'Connection lost (' + e.message + '); retrying';
      if (status.textContent !== text) {
        status.textContent = text;
        status.classList.add('lost');
        lastSummary = '';
      }
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  poll();
}());
