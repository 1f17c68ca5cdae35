// depesche dashboard: legend toggles on article pages and the API page.
// Everything the pages need is rendered by the server; this only adds comfort.
(function () {
  "use strict";
  var legend = document.getElementById("legend");
  if (legend) {
    legend.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-hide]");
      if (!b) return;
      b.classList.toggle("off");
      document.body.classList.toggle("hide-" + b.getAttribute("data-hide"));
    });
  }
  var docs = document.getElementById("api-docs");
  if (docs) {
    fetch(docs.getAttribute("data-spec"))
      .then(function (r) { return r.json(); })
      .then(function (spec) {
        docs.textContent = "";
        Object.keys(spec.paths).forEach(function (path) {
          var ops = spec.paths[path];
          Object.keys(ops).forEach(function (method) {
            var op = ops[method];
            var box = document.createElement("div");
            box.className = "api-ep";
            var head = document.createElement("h3");
            var code = document.createElement("code");
            code.textContent = method.toUpperCase() + " " + path;
            head.appendChild(code);
            box.appendChild(head);
            var p = document.createElement("p");
            p.textContent = op.summary || op.description || "";
            box.appendChild(p);
            var params = (op.parameters || []).map(function (x) {
              return x.name + " (" + x.in + ")" + (x.description ? ": " + x.description : "");
            });
            if (params.length) {
              var ul = document.createElement("ul");
              params.forEach(function (t) {
                var li = document.createElement("li");
                li.textContent = t;
                ul.appendChild(li);
              });
              box.appendChild(ul);
            }
            docs.appendChild(box);
          });
        });
      })
      .catch(function (e) { docs.textContent = "Could not load the OpenAPI document: " + e; });
  }
})();
