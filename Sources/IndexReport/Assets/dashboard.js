// The credential of a page's write: the token typed into its form, or, signed in, the session's
// cookie (sent by the browser) with the page's anti-forgery token, which the server requires.
function iideiCredentials(form) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (form.token && form.token.value) { return { 'Authorization': 'Bearer ' + form.token.value }; }
  return meta ? { 'X-CSRF-Token': meta.content } : {};
}
// Work that may take more than a second: "label… N s" in the element, every second, until stop() is
// called; `detail` (optional) adds what the work reports of itself ("412 / 1000").
function iideiWorking(element, label) {
  var started = Date.now(), detail = '';
  function show() {
    element.textContent = label + '… ' + (detail ? detail + ' · ' : '') + Math.round((Date.now() - started) / 1000) + ' s';
  }
  show();
  var timer = setInterval(show, 1000);
  return { stop: function () { clearInterval(timer); }, detail: function (text) { detail = text; show(); } };
}
// A refusal's text: the API's own message from its JSON error document, else the HTTP status.
function iideiRefusal(status, text) {
  try { return '✗ ' + JSON.parse(text).error; } catch (e) { return '✗ ' + status; }
}
// Tooltips: every chart mark carries data-tip (and an SVG title); show it on hover, focus and touch.
(function () {
  var tip = document.getElementById('tip');
  function find(node) {
    if (!node || !node.closest) { return null; }
    var mark = node.closest('[data-tip]');
    if (!mark && node.closest('a')) { mark = node.closest('a').querySelector('[data-tip]'); }
    return mark;
  }
  function show(event) {
    var mark = find(event.target);
    if (!mark) { tip.hidden = true; return; }
    tip.textContent = mark.getAttribute('data-tip');
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    var left = Math.min(window.scrollX + box.left + box.width / 2, window.scrollX + document.documentElement.clientWidth - 270);
    tip.style.left = Math.max(window.scrollX + 4, left) + 'px';
    tip.style.top = (window.scrollY + box.top - 34) + 'px';
  }
  document.addEventListener('pointerover', show);
  document.addEventListener('focusin', show);
  document.addEventListener('pointerout', function (event) { if (find(event.target)) { tip.hidden = true; } });
  document.addEventListener('focusout', function () { tip.hidden = true; });
})();
// Sort a table by a column when its header is clicked (the table reads fine without this).
document.querySelectorAll('table.sortable thead th').forEach(function (th, column) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var descending = th.dataset.order !== 'desc';
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.sort || a.cells[column].textContent, y = b.cells[column].dataset.sort || b.cells[column].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return descending ? -c : c;
    });
    th.dataset.order = descending ? 'desc' : 'asc';
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
// Chart downloads: the figure's own SVG, or a PNG drawn from it at twice its size. The image is
// loaded from a data: URL, which the page's policy allows (img-src 'self' data:); a blob: image is
// refused by it.
function save(url, name) { var a = document.createElement('a'); a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove(); }
document.querySelectorAll('button[data-download]').forEach(function (button) {
  button.addEventListener('click', function () {
    var svg = button.closest('figure').querySelector('svg');
    var text = new XMLSerializer().serializeToString(svg);
    var name = button.dataset.name;
    if (button.dataset.download === 'svg') {
      save(URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' })), name + '.svg');
      return;
    }
    var image = new Image();
    image.onload = function () {
      var box = svg.viewBox.baseVal, canvas = document.createElement('canvas');
      canvas.width = box.width * 2; canvas.height = box.height * 2;
      var context = canvas.getContext('2d');
      context.fillStyle = '#ffffff'; context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      var png = canvas.toDataURL('image/png');
      button.dataset.saved = png.length;
      save(png, name + '.png');
    };
    image.onerror = function () { button.dataset.saved = 'error'; };
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  });
});
// Hover: the series or province under the pointer is highlighted and the rest dimmed (lines,
// radar, rank changes by data-series; the tier map by data-code; bars by data-label). On a line
// chart (points with data-period) a crosshair stands at the nearest period and the tip lists every
// series' value there, as the chart's own labels print it. Without this script every chart reads
// the same, only without emphasis.
(function () {
  var tip = document.getElementById('tip');
  var keys = ['data-series', 'data-code', 'data-label'];
  function clear(svg) {
    svg.classList.remove('dimmed');
    svg.querySelectorAll('.hot, .at').forEach(function (e) { e.classList.remove('hot'); e.classList.remove('at'); });
  }
  function highlight(svg, attribute, value) {
    clear(svg);
    var hits = [].filter.call(svg.querySelectorAll('[' + attribute + ']'), function (e) { return e.getAttribute(attribute) === value; });
    if (!hits.length) { return; }
    svg.classList.add('dimmed');
    hits.forEach(function (e) { e.classList.add('hot'); });
    svg.dataset.highlighted = value;
  }
  function printed(point) { var text = point.getAttribute('data-tip') || ''; return text.slice(text.lastIndexOf(': ') + 2); }
  function crosshair(svg, points, event) {
    var matrix = svg.getScreenCTM();
    if (!matrix) { return; }
    var p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    var nearest = points.reduce(function (a, c) { return Math.abs(+c.getAttribute('cx') - p.x) < Math.abs(+a.getAttribute('cx') - p.x) ? c : a; });
    var period = nearest.getAttribute('data-period'), x = nearest.getAttribute('cx');
    var at = points.filter(function (c) { return c.getAttribute('data-period') === period; });
    var under = at.reduce(function (a, c) { return Math.abs(+c.getAttribute('cy') - p.y) < Math.abs(+a.getAttribute('cy') - p.y) ? c : a; });
    highlight(svg, 'data-series', under.getAttribute('data-series'));
    at.forEach(function (c) { c.classList.add('at'); });
    var line = svg.querySelector('line.crosshair');
    if (!line) {
      line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
      line.setAttribute('class', 'crosshair');
      svg.appendChild(line);
    }
    // The plot's top and bottom as Charts.lines draws them (44 units down, 40 up from the foot).
    line.setAttribute('x1', x); line.setAttribute('x2', x);
    line.setAttribute('y1', 44); line.setAttribute('y2', svg.viewBox.baseVal.height - 40);
    svg.dataset.crosshair = period;
    tip.textContent = period + '\n' + at.map(function (c) { return c.getAttribute('data-series') + ': ' + printed(c); }).join('\n');
    tip.hidden = false;
    var left = Math.min(window.scrollX + event.clientX + 14, window.scrollX + document.documentElement.clientWidth - 270);
    tip.style.left = Math.max(window.scrollX + 4, left) + 'px';
    tip.style.top = (window.scrollY + event.clientY + 14) + 'px';
  }
  document.querySelectorAll('figure svg').forEach(function (svg) {
    var points = [].slice.call(svg.querySelectorAll('circle[data-period][data-series]'));
    if (points.length) {
      svg.addEventListener('mousemove', function (event) { crosshair(svg, points, event); });
    } else {
      svg.addEventListener('mouseover', function (event) {
        var mark = event.target.closest ? event.target.closest('[data-series], [data-code], [data-label]') : null;
        if (!mark && event.target.closest && event.target.closest('a')) { mark = event.target.closest('a').querySelector('[data-code]'); }
        var attribute = mark && keys.filter(function (k) { return mark.hasAttribute(k); })[0];
        if (attribute) { highlight(svg, attribute, mark.getAttribute(attribute)); } else { clear(svg); }
      });
    }
    svg.addEventListener('mouseleave', function () {
      clear(svg);
      var line = svg.querySelector('line.crosshair');
      if (line) { line.remove(); }
      delete svg.dataset.crosshair; delete svg.dataset.highlighted;
      tip.hidden = true;
    });
  });
})();
// A table wider than its box says so above it, in the page's language (the page's body carries the
// words): on a phone the columns to the right are otherwise unseen (the box scrolls sideways, its
// edges shaded by the style sheet).
(function () {
  var hint = document.body.dataset.scrollHint;
  if (!hint) { return; }
  function mark() {
    document.querySelectorAll('.scroll').forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      var before = box.previousElementSibling;
      var note = before && before.classList.contains('scroll-hint') ? before : null;
      if (wide && !note) {
        note = document.createElement('p');
        note.className = 'scroll-hint';
        note.textContent = hint;
        box.parentNode.insertBefore(note, box);
      }
      if (note) { note.hidden = !wide; }
    });
  }
  mark();
  window.addEventListener('resize', mark);
})();
