// Included right after a form's error summary: after a reload, role="alert" is not always
// announced, but moving focus to the summary is. A file rather than inline code, so the
// Content-Security-Policy needs no exception for it.
document.getElementById("form-errors")?.focus();
