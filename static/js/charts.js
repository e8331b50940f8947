// Draws every <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">.
// The same numbers are in the table next to each chart, so nothing is lost without JavaScript.
(function () {
  "use strict";
  var PALETTE = ["#b3261e", "#d4a017", "#2e7d32", "#0b57a4", "#6a1b9a", "#546e7a"];
  var numbers = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });

  function format(value, unit) {
    if (value === null || value === undefined) return "—";
    return numbers.format(value) + (unit === "%" ? "%" : "");
  }

  function config(spec) {
    var horizontal = spec.kind === "hbar";
    var stacked = spec.kind === "stacked";
    var dualAxis = spec.series.some(function (s) { return s.axis === "y1"; });
    var datasets = spec.series.map(function (s, i) {
      var colour = PALETTE[i % PALETTE.length];
      return {
        label: s.label, data: s.data, backgroundColor: colour, borderColor: colour,
        yAxisID: dualAxis ? (s.axis || "y") : undefined, tension: 0.2, pointRadius: 3,
      };
    });
    var valueAxis = {
      beginAtZero: true, stacked: stacked,
      ticks: { callback: function (v) { return format(v, spec.unit); } },
    };
    if (spec.unit === "%") valueAxis.max = 100;
    var scales = horizontal
      ? { x: valueAxis, y: { stacked: stacked, ticks: { autoSkip: false } } }
      : { x: { stacked: stacked }, y: valueAxis };
    if (dualAxis) {
      scales.y1 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false },
        ticks: { callback: function (v) { return format(v, spec.unit); } } };
    }
    return {
      type: spec.kind === "line" ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true, maintainAspectRatio: false, animation: false,
        locale: "vi-VN",
        scales: scales,
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 14 } },
          tooltip: { callbacks: { label: function (ctx) {
            return ctx.dataset.label + ": " + format(horizontal ? ctx.parsed.x : ctx.parsed.y, spec.unit);
          } } },
        },
      },
    };
  }

  function draw() {
    if (typeof window.Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source) return;
      var spec = JSON.parse(source.textContent);
      if (spec.kind === "hbar") {
        // one bar pair per org: give each its room so long names stay readable on a phone
        canvas.parentElement.style.height = Math.max(160, 44 * spec.labels.length + 60) + "px";
      }
      new window.Chart(canvas, config(spec));
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
