// The one map, interactive: Leaflet draws the grids the API gives as GeoJSON, coloured by
// risk, labelled by name once zoomed in; a tap shows a region's name and a link to it. Without
// script (or if this fails) the server-drawn map below stays in place.
(function () {
  'use strict';
  var el = document.getElementById('live-map');
  if (!el || !window.L) { return; }
  var colours = { red: '#d32f2f', orange: '#f57c00', yellow: '#fbc02d', blue: '#1e88e5', none: '#b0bec5' };
  var labelZoom = Number(el.getAttribute('data-label-zoom') || 14);

  fetch(el.getAttribute('data-src'), { credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (fc) {
      el.hidden = false;
      var fallback = document.getElementById('static-map');
      if (fallback) { fallback.hidden = true; }
      var map = L.map(el, { zoomSnap: 0.5, tap: true });
      var tiles = el.getAttribute('data-tiles');
      if (tiles) {
        L.tileLayer(tiles, { maxZoom: 19, subdomains: '01234567', attribution: el.getAttribute('data-attribution') || '' }).addTo(map);
      }
      var layer = L.geoJSON(fc, {
        style: function (f) {
          var p = f.properties, area = p.level === 'grid' || p.level === 'community' || p.level === 'town';
          return { color: '#37474f', weight: area ? 1.2 : 0.8, fillColor: colours[p.risk] || colours.none,
                   fillOpacity: area ? 0.5 : 0.75 };
        },
        pointToLayer: function (f, ll) {
          var p = f.properties;
          if (p.level === 'case') {
            var cls = 'case-pin case-' + (colours[p.risk] ? p.risk : 'none') + (p.overdue ? ' overdue' : '');
            return L.marker(ll, { icon: L.divIcon({ className: cls, iconSize: [14, 14] }), keyboard: true, title: p.name });
          }
          return L.circleMarker(ll, { radius: p.level === 'building' ? 4 : 7, color: '#263238', weight: 1,
                                       fillColor: colours[p.risk] || colours.none, fillOpacity: 0.9 });
        },
        onEachFeature: function (f, l) {
          var p = f.properties;
          if (p.level === 'grid' || p.level === 'community' || p.level === 'town') {
            l.bindTooltip(p.name, { permanent: true, direction: 'center', className: 'map-label' });
          }
          var box = document.createElement('div');
          var name = document.createElement('strong');
          name.textContent = p.name;
          var what = document.createElement('div');
          what.textContent = p.level_label + ' · ' + p.risk_label;
          var open = document.createElement('a');
          open.href = p.href;
          open.textContent = '打开';
          box.appendChild(name); box.appendChild(what); box.appendChild(open);
          l.bindPopup(box);
        }
      }).addTo(map);
      if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [8, 8] }); }
      var labels = function () { el.classList.toggle('labels-off', map.getZoom() < labelZoom); };
      map.on('zoomend', labels);
      labels();
    })
    .catch(function () { el.hidden = true; });
})();
