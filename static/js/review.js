// Progressive enhancement of the review page: text selected in the document (by mouse,
// keyboard or touch) fills the "missed item" form. Without JavaScript the clerk pastes the
// passage instead.
(function () {
  var text = document.getElementById("doctext");
  var passage = document.getElementById("passage");
  if (!text || !passage) return;
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !text.contains(sel.anchorNode)) return;
    var chosen = sel.toString().trim();
    if (chosen.length > 0) {
      passage.value = chosen;
      var details = passage.closest("details");
      if (details) details.open = true;
    }
  });
})();
