// The incident page's log grows as lines are written, without a reload.
(function () {
  var log = document.getElementById('incident-log');
  if (!log || !window.EventSource) return;
  var source = new EventSource(log.getAttribute('data-stream'));
  source.addEventListener('entry', function (e) {
    var line = JSON.parse(e.data);
    if (document.getElementById('line-' + line.id)) return;
    var li = document.createElement('li');
    li.id = 'line-' + line.id;
    var meta = document.createElement('span');
    meta.className = 'muted';
    meta.textContent = line.at + ' · ' + line.actor + ' · ' + line.kind_label +
      (line.corrects ? '(更正第 ' + line.corrects + ' 条)' : '');
    var no = document.createElement('span');
    no.className = 'muted';
    no.textContent = ' #' + line.id;
    li.appendChild(meta);
    li.appendChild(document.createElement('br'));
    li.appendChild(document.createTextNode(line.text));
    li.appendChild(no);
    log.appendChild(li);
    if (line.kind === 'closed' || line.kind === 'takeover' || line.kind === 'severity') {
      // What the page shows above the log changed too.
      source.close();
      setTimeout(function () { location.reload(); }, 300);
    }
  });
  source.addEventListener('reload', function () { location.reload(); });
})();
