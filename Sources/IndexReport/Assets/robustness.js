// The robustness page: asks for the run's analysis (computed on the server, or joined if it already
// runs there) and, while it runs, shows how many replications are done and the seconds elapsed
// (iideiWorking, dashboard.js); then the table the server sends, in the page's language. It starts once
// the page is parsed: dashboard.js, which defines iideiWorking, comes after this script in the page.
document.addEventListener('DOMContentLoaded', function () {
  var box = document.getElementById('robustness');
  if (!box) { return; }
  var status = document.getElementById('robustness-status'), bar = document.getElementById('robustness-bar');
  var working = iideiWorking(status, box.dataset.working), done = false;
  function poll() {
    if (done) { return; }
    fetch(box.dataset.progress).then(function (r) { return r.ok ? r.json() : null; }).then(function (p) {
      if (done) { return; }
      if (p && p.total > 0) {
        bar.max = p.total; bar.value = p.done;
        working.detail(p.done + ' / ' + p.total);
      }
      setTimeout(poll, 500);
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
  function finish(text) { done = true; working.stop(); bar.hidden = true; status.textContent = text; }
  fetch(box.dataset.table).then(function (r) { return r.text().then(function (text) {
    if (r.ok) {
      finish('');
      box.innerHTML = text;
    } else {
      finish(iideiRefusal(r.status, text));
    }
  }); }).catch(function (error) { finish('✗ ' + error); });
});
