// Clicking a task scrolls the text to its first highlight and marks all of its spans;
// clicking a highlight selects its task in the list.
(function () {
  function select(id, from) {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    var sel = '[data-task-id="' + CSS.escape(id) + '"]';
    document.querySelectorAll("mark" + sel).forEach(function (el) { el.classList.add("active"); });
    var item = document.querySelector("li.task" + sel);
    if (item) item.classList.add("active");
    var target = from === "list" ? document.querySelector('mark[data-kind="action"]' + sel) || document.querySelector("mark" + sel) : item;
    if (target) target.scrollIntoView({ block: "center" });
  }
  document.querySelectorAll("li.task").forEach(function (li) {
    li.addEventListener("click", function () { select(li.dataset.taskId, "list"); });
    li.addEventListener("keydown", function (e) { if (e.key === "Enter") select(li.dataset.taskId, "list"); });
  });
  document.querySelectorAll("mark.hl").forEach(function (m) {
    m.addEventListener("click", function (e) { e.stopPropagation(); select(m.dataset.taskId, "text"); });
  });
})();
