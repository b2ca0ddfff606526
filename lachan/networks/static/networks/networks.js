/* Draws the network of the page with Cytoscape.js (vendored) from the JSON the server
   embedded; the tables on the page hold the same nodes and links for readers without
   JavaScript or a screen. fcose keeps a few hundred nodes readable; without the
   extension the built-in cose layout is used. */
(function () {
  "use strict";
  var container = document.getElementById("network-graph");
  if (!container || typeof window.cytoscape !== "function") { return; }
  var source = document.getElementById(container.getAttribute("data-elements"));
  var elements = JSON.parse(source.textContent);
  if (window.cytoscapeFcose) { window.cytoscape.use(window.cytoscapeFcose); }
  document.body.classList.add("js-network");
  container.hidden = false;
  var colours = { person: "#1f6fb2", identifier: "#d98c00", address: "#7a5c3e",
                  tip: "#2e8540", "case": "#b3261e", cluster: "#6b4fa0" };
  var shapes = { person: "ellipse", identifier: "diamond", address: "round-rectangle",
                 tip: "triangle", "case": "hexagon", cluster: "octagon" };
  var cy = window.cytoscape({
    container: container,
    elements: elements,
    style: [
      { selector: "node", style: {
          "background-color": function (n) { return colours[n.data("kind")] || "#777"; },
          "shape": function (n) { return shapes[n.data("kind")] || "ellipse"; },
          "width": "data(size)", "height": "data(size)",
          "label": function (n) {
            var hidden = n.data("hidden");
            return n.data("label") + (hidden ? " (+" + hidden + ")" : "");
          },
          "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
          "text-wrap": "ellipsis", "text-max-width": 140,
          "border-width": 1, "border-color": "#fff" } },
      { selector: "node[?center]", style: { "border-width": 4, "border-color": "#111" } },
      { selector: "node[?new]", style: { "border-width": 3, "border-color": "#e0a800", "border-style": "dashed" } },
      { selector: "node[hidden > 0]", style: { "outline-width": 2, "outline-color": "#666", "outline-style": "dashed", "outline-offset": 2 } },
      { selector: "edge", style: { "width": 1.5, "line-color": "#9aa5b1", "curve-style": "straight" } },
      { selector: "edge[kind = 'suspect']", style: { "line-color": "#b3261e" } },
      { selector: ":selected", style: { "border-width": 4, "border-color": "#f5b400" } }
    ],
    layout: { name: window.cytoscapeFcose ? "fcose" : "cose", animate: false,
              randomize: true, nodeRepulsion: 6000, idealEdgeLength: 70,
              packComponents: true, quality: "default" }
  });
  container.setAttribute("data-ready", "1");
  var selection = document.getElementById("network-selection");
  cy.on("tap", "node", function (event) {
    var node = event.target;
    selection.textContent = "";
    var text = document.createTextNode(node.data("label") + " ");
    selection.appendChild(text);
    if (node.data("url")) {
      var link = document.createElement("a");
      link.href = node.data("url");
      link.textContent = "→";
      selection.appendChild(link);
    }
  });
  window.lachanNetwork = cy;
}());
