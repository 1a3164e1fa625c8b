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
