(function () {
  var data = JSON.parse(document.getElementById('survey-data').textContent);
  var token = decodeURIComponent(location.pathname.split('/').pop());
  var scale = [1/9, 1/8, 1/7, 1/6, 1/5, 1/4, 1/3, 1/2, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  function value(text) { if (!text) return null; var p = text.split('/'); return p.length === 2 ? +p[0] / +p[1] : +text; }
  function label(v) { return v >= 1 ? String(Math.round(v)) : '1/' + Math.round(1 / v); }
  function matrix() {
    var n = data.children.length, a = [];
    for (var i = 0; i < n; i++) { a.push([]); for (var j = 0; j < n; j++) a[i].push(i === j ? 1 : null); }
    document.querySelectorAll('#pairs select').forEach(function (s) {
      var v = value(s.value), i = +s.dataset.i, j = +s.dataset.j;
      if (v !== null) { a[i][j] = v; a[j][i] = 1 / v; }
    });
    return a;
  }
  // Harker: missing entries are 0 and each row's diagonal is 1 + its number of missing entries.
  function analyse(a) {
    var n = a.length, c = [], judged = 0;
    for (var i = 0; i < n; i++) {
      c.push([]); var missing = 0;
      for (var j = 0; j < n; j++) { if (i !== j && a[i][j] === null) missing++; if (i < j && a[i][j] !== null) judged++; c[i].push(i === j ? 0 : (a[i][j] === null ? 0 : a[i][j])); }
      c[i][i] = 1 + missing;
    }
    if (judged === 0) return null;
    var reached = [true], stack = [0];
    for (i = 1; i < n; i++) reached.push(false);
    while (stack.length) {
      var k0 = stack.pop();
      for (j = 0; j < n; j++) if (!reached[j] && a[k0][j] !== null) { reached[j] = true; stack.push(j); }
    }
    if (reached.indexOf(false) >= 0) return { disconnected: true, judged: judged, total: n * (n - 1) / 2 };
    var w = [], k, s;
    for (i = 0; i < n; i++) w.push(1 / n);
    for (k = 0; k < 10000; k++) {
      var next = [], total = 0, change = 0;
      for (i = 0; i < n; i++) { s = 0; for (j = 0; j < n; j++) s += c[i][j] * w[j]; next.push(s); total += s; }
      for (i = 0; i < n; i++) { next[i] /= total; change = Math.max(change, Math.abs(next[i] - w[i])); }
      w = next; if (change < 1e-14) break;
    }
    var lambda = 0;
    for (i = 0; i < n; i++) { s = 0; for (j = 0; j < n; j++) s += c[i][j] * w[j]; lambda += s / w[i]; }
    lambda /= n;
    var cr = n > 2 && data.ri > 0 ? (lambda - n) / (n - 1) / data.ri : 0;
    if (cr < 0) cr = 0;  // rounding below λmax = n
    var worst = null, deviation = 1e-9;
    for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) {
      if (a[i][j] === null) continue;
      var d = Math.abs(Math.log(a[i][j] * w[j] / w[i]));
      if (d > deviation) { deviation = d; worst = [i, j]; }
    }
    return { cr: cr, w: w, worst: worst, judged: judged, total: n * (n - 1) / 2 };
  }
  function nearest(v) {
    return scale.reduce(function (b, x) { return Math.abs(Math.log(x / v)) < Math.abs(Math.log(b / v)) ? x : b; }, 1);
  }
  function update() {
    var a = matrix(), r = analyse(a), out = document.getElementById('cr'), revisit = document.getElementById('revisit');
    if (!r) { out.textContent = 'CR —'; revisit.textContent = ''; return; }
    if (r.disconnected) {
      out.textContent = 'CR — (请继续判断，使各项相连 judge more pairs to link every item: ' + r.judged + '/' + r.total + ')';
      out.className = 'cr'; revisit.textContent = ''; return;
    }
    out.textContent = 'CR = ' + r.cr.toFixed(4) + (r.judged < r.total ? ' (Harker, ' + r.judged + '/' + r.total + ' 对 pairs)' : '');
    out.className = 'cr ' + (r.cr < 0.1 ? 'good' : 'bad');
    if (r.cr >= 0.1 && r.worst) {
      // The judgement furthest from what the others imply, in words with the items' names.
      var i = r.worst[0], j = r.worst[1], implied = r.w[i] / r.w[j], names = data.names || data.children;
      var first = names[i], second = names[j], suggested = label(nearest(implied));
      revisit.textContent = '请重新考虑 Revisit: 您判断「' + first + '」相对「' + second + '」为 ' + label(a[i][j]) +
        '，而其他判断隐含约 ' + implied.toFixed(2) + ' 倍，建议改为 ' + suggested + '。 You judged ' + first + ' against ' + second +
        ' as ' + label(a[i][j]) + '; your other judgements imply about ' + implied.toFixed(2) + ', so ' + suggested + ' would be consistent.';
    } else { revisit.textContent = ''; }
  }
  function save() {
    var body = {};
    var status = document.getElementById('saved');
    // A score outside the scale is marked where it stands (the style sheet shades :invalid) and
    // brought into view, not reported at the end of the page.
    var invalid = document.querySelector('input[data-indicator]:invalid');
    if (invalid) {
      invalid.focus();
      invalid.scrollIntoView({ block: 'center' });
      status.textContent = '未保存：分数须在 ' + invalid.min + '–' + invalid.max + ' 之间 not saved: a score must be within ' + invalid.min + '–' + invalid.max;
      status.className = 'bad';
      return;
    }
    if (data.page === 'scores') {
      body.scores = {};
      document.querySelectorAll('input[data-indicator]').forEach(function (input) {
        if (input.value !== '') body.scores[input.dataset.indicator] = +input.value;
      });
    } else {
      body.ahp = {}; body.ahp[data.node] = matrix();
    }
    status.textContent = '…';
    fetch(data.action, {
      method: 'POST', headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    }).then(function (response) { return response.json().then(function (json) { return [response.ok, json]; }); })
      .then(function (result) {
        if (!result[0]) { status.textContent = '未保存 not saved: ' + (result[1].problems || [result[1].error]).join('; '); status.className = 'bad'; return; }
        var m = data.node && result[1].matrices ? result[1].matrices[data.node] : null;
        dirty = false;
        if (m && m.cr >= 0.1) {
          // Stored, but not usable as it stands: say so, not a green tick.
          status.textContent = '已保存，但不一致 saved, but inconsistent (CR ' + m.cr.toFixed(2) + ' ≥ 0.10)';
          status.className = 'bad'; return;
        }
        status.textContent = '已保存 saved' + (m ? ' · CR ' + m.cr.toFixed(4) : '');
        status.className = 'good';
      })
      .catch(function (error) { status.textContent = '未保存 not saved: ' + error; status.className = 'bad'; });
  }
  // A compact 17-point slider for each judgement: left end 'the first is extremely more important'
  // (9), middle 'equal' (1), right end 'the second is' (1/9); its readout says the judgement in
  // words. The select it replaces stays in the page (hidden), holding the answer the form saves.
  document.querySelectorAll('#pairs select').forEach(function (select) {
    var options = Array.prototype.slice.call(select.options, 1);
    var slider = document.createElement('input'), readout = document.createElement('output');
    slider.type = 'range'; slider.min = 0; slider.max = options.length - 1; slider.step = 1;
    slider.setAttribute('aria-label', select.getAttribute('aria-label'));
    function show() {
      var chosen = select.selectedIndex > 0;
      slider.value = chosen ? select.selectedIndex - 1 : (options.length - 1) / 2;
      slider.className = chosen ? 'judged' : 'unjudged';
      readout.textContent = chosen ? select.options[select.selectedIndex].textContent : '— 未判断 not judged';
      slider.setAttribute('aria-valuetext', readout.textContent);
    }
    function judge() {
      if (select.selectedIndex === +slider.value + 1) return;
      select.selectedIndex = +slider.value + 1;
      select.dispatchEvent(new Event('change'));
    }
    // 'input' while sliding; a click on the untouched thumb (equal) judges too.
    slider.addEventListener('input', judge);
    slider.addEventListener('pointerup', judge);
    select.addEventListener('change', show);
    select.hidden = true;
    // The slider's two ends say which way is which, so the top paragraph need not be remembered.
    var ends = document.createElement('div');
    ends.className = 'ends';
    ['← 前者更重要 first', '同等 equal', '后者更重要 second →'].forEach(function (text) {
      var end = document.createElement('span');
      end.textContent = text;
      ends.appendChild(end);
    });
    select.parentNode.appendChild(slider); select.parentNode.appendChild(ends); select.parentNode.appendChild(readout);
    show();
  });
  // Unsaved answers: the browser asks before the page is left (下一页, another node, closing).
  var dirty = false;
  function touched() { dirty = true; document.getElementById('saved').textContent = '未保存的修改 unsaved changes'; document.getElementById('saved').className = 'bad'; }
  window.addEventListener('beforeunload', function (event) { if (dirty) { event.preventDefault(); event.returnValue = ''; } });
  document.querySelectorAll('#pairs select, input[data-indicator]').forEach(function (s) { s.addEventListener('change', touched); });
  document.querySelectorAll('#pairs select').forEach(function (s) { s.addEventListener('change', update); });
  document.getElementById('save').addEventListener('click', save);
  if (data.node) update();
})();
// On a phone the list of pages folds away (a tap opens it), so the questions come first.
(function () {
  var pages = document.querySelector('details.pages');
  if (pages && window.innerWidth < 600) { pages.open = false; }
})();
