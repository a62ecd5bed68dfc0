/* cli_pager.c: long text on a terminal goes through a pager, the way git
 * and man do it: $PAGER (run by the shell), else `less -R`, else the text
 * is written as it is. Not on a terminal, it is always written as it is. */
#include <config.h>
#include "cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* An exit status of the shell that means the pager never ran. */
#define SH_NOT_FOUND 127
#define SH_NOT_EXECUTABLE 126

static int write_all(int fd, const char *text, size_t len)
{
	while (len) {
		ssize_t n = write(fd, text, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Run argv with text on its standard input and wait for it. Returns 0 when
 * it ran (whatever it did with the text: the user may quit early), -1 when
 * it could not be started. */
static int run_pager(char *const argv[], const char *text, size_t len)
{
	int in[2], status_pipe[2];
	if (pipe(in) != 0)
		return -1;
	if (pipe(status_pipe) != 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	fcntl(status_pipe[1], F_SETFD, FD_CLOEXEC);
	fflush(stdout);

	/* While the pager has the terminal, Ctrl-C is its business: this
	 * process must outlive it, or the shell comes back under it. */
	struct sigaction ign = {0}, old_int, old_quit, old_pipe;
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigaction(SIGPIPE, &ign, &old_pipe);

	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		dup2(in[0], STDIN_FILENO);
		close(in[0]);
		close(in[1]);
		close(status_pipe[0]);
		/* As git sets them: quit when it fits, keep colours, leave the text
		 * on the screen; the user's own settings win. */
		setenv("LESS", "FRX", 0);
		setenv("LV", "-c", 0);
		execvp(argv[0], argv);
		int e = errno;
		if (write(status_pipe[1], &e, sizeof e) < 0)
			_exit(SH_NOT_FOUND);
		_exit(SH_NOT_FOUND);
	}
	close(in[0]);
	close(status_pipe[1]);
	int started = pid > 0 ? 0 : -1, e;
	if (pid > 0 && read(status_pipe[0], &e, sizeof e) == (ssize_t)sizeof e)
		started = -1;           /* the exec failed */
	close(status_pipe[0]);
	if (started == 0)
		write_all(in[1], text, len);    /* a pager quit early is no error */
	close(in[1]);
	int status = 0;
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	if (started == 0 && WIFEXITED(status) &&
	    (WEXITSTATUS(status) == SH_NOT_FOUND || WEXITSTATUS(status) == SH_NOT_EXECUTABLE) &&
	    strcmp(argv[0], "/bin/sh") == 0)
		started = -1;           /* the shell ran, the pager it names did not */

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	return started;
}

int cli_page(const char *text)
{
	size_t len = strlen(text);
	const char *pager = getenv("PAGER");
	/* As git: PAGER empty or "cat" means no pager. */
	bool wanted = isatty(STDOUT_FILENO) && !(pager && (!*pager || strcmp(pager, "cat") == 0));
	if (wanted && pager) {
		char *argv[] = {(char *)"/bin/sh", (char *)"-c", (char *)pager, NULL};
		if (run_pager(argv, text, len) == 0)
			return 0;
	}
	if (wanted) {
		char *argv[] = {(char *)"less", (char *)"-R", NULL};
		if (run_pager(argv, text, len) == 0)
			return 0;
	}
	return fwrite(text, 1, len, stdout) == len ? 0 : -1;
}
