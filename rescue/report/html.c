/*
 * html.c - one self-contained HTML file
 */
#include "report.h"
const struct report_writer report_html = { 0 };
