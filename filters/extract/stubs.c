#include "util.h"
#include "exit.h"
#include "extract.h"
void ex_ga4(struct ex_run *run) { (void)run; mops_die(70, "todo"); }
void ex_rest(struct ex_run *run) { (void)run; mops_die(70, "todo"); }

