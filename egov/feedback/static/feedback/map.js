/* The reports map: only when the operator runs a tile server (EGOV_MAP_TILE_URL). The list by
   commune below the map carries the same reports, so the page works without this script. */
(function () {
  "use strict";
  var box = document.getElementById("report-map");
  var data = document.getElementById("report-points");
  if (!box || !data || typeof L === "undefined") { return; }
  var points = JSON.parse(data.textContent);
  var map = L.map(box, { scrollWheelZoom: false });
  L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution || "" }).addTo(map);
  var bounds = [];
  points.forEach(function (point) {
    var marker = L.circleMarker([point.lat, point.lng], {
      radius: 8, color: "#0b0c0c", weight: 2, fillColor: "#1a55a3", fillOpacity: 0.9
    }).addTo(map);
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.code + " · " + point.title;
    var status = document.createElement("div");
    status.textContent = point.status;
    var popup = document.createElement("div");
    popup.appendChild(link);
    popup.appendChild(status);
    marker.bindPopup(popup);
    bounds.push([point.lat, point.lng]);
  });
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  } else {
    map.setView([parseFloat(box.dataset.lat), parseFloat(box.dataset.lng)], 6);
  }
  box.dataset.ready = String(points.length);
})();
