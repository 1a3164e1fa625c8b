// The robustness page: asks for the run's analysis (computed on the server, or joined if it already
// runs there) and, while it runs, shows how many replications are done and the seconds elapsed;
// then the table the server sends, in the page's language.
(function () {
  var box = document.getElementById('robustness');
  if (!box) { return; }
  var status = document.getElementById('robustness-status'), bar = document.getElementById('robustness-bar');
  var started = Date.now(), done = false;
  function poll() {
    if (done) { return; }
    fetch(box.dataset.progress).then(function (r) { return r.ok ? r.json() : null; }).then(function (p) {
      if (done) { return; }
      var seconds = Math.round((Date.now() - started) / 1000) + ' s';
      if (p && p.total > 0) {
        bar.max = p.total; bar.value = p.done;
        status.textContent = box.dataset.working + '… ' + p.done + ' / ' + p.total + ' · ' + seconds;
      } else {
        status.textContent = box.dataset.working + '… ' + seconds;
      }
      setTimeout(poll, 500);
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
  fetch(box.dataset.table).then(function (r) { return r.text().then(function (text) {
    done = true;
    bar.hidden = true;
    if (r.ok) {
      status.textContent = '';
      box.innerHTML = text;
    } else {
      try { status.textContent = '✗ ' + JSON.parse(text).error; } catch (e) { status.textContent = '✗ ' + r.status; }
    }
  }); }).catch(function (error) { done = true; status.textContent = '✗ ' + error; });
})();
