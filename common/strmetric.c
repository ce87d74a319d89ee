/* strmetric.c - see strmetric.h.  Ported from jellyfish's reference Python. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmetric.h"
#include "utf8.h"
#include "util.h"

/* Code points of s; small strings live on the stack, long ones on the heap. */
#define CPS_STACK 64
struct cps {
	uint32_t *v;
	size_t n;
	uint32_t buf[CPS_STACK];
};

static void
cps_load(struct cps *c, const char *s)
{
	size_t len = strlen(s), i = 0;

	c->v = c->buf;
	c->n = 0;
	if (len > CPS_STACK)
		c->v = mops_xmalloc(len * sizeof(uint32_t));
	while (i < len) {
		uint32_t cp;

		if ((unsigned char)s[i] < 0x80) {	/* the common case, inline */
			c->v[c->n++] = (unsigned char)s[i++];
			continue;
		}
		i += mops_utf8_decode(s + i, len - i, &cp);
		c->v[c->n++] = cp;
	}
}

static void
cps_free(struct cps *c)
{
	if (c->v != c->buf)
		free(c->v);
}

static double
jaro_core(const char *a, const char *b, int winkler, int longtol)
{
	struct cps s1, s2;
	unsigned char f1s[CPS_STACK], f2s[CPS_STACK], *f1 = f1s, *f2 = f2s;
	size_t i, j, k, common = 0, trans = 0, range, lo, hi, minlen;
	double w;

	cps_load(&s1, a);
	cps_load(&s2, b);
	if (!s1.n || !s2.n) {
		w = 0;
		goto out;
	}
	if (s1.n > CPS_STACK)
		f1 = mops_xmalloc(s1.n);
	if (s2.n > CPS_STACK)
		f2 = mops_xmalloc(s2.n);
	memset(f1, 0, s1.n);
	memset(f2, 0, s2.n);
	minlen = s1.n < s2.n ? s1.n : s2.n;
	range = s1.n > s2.n ? s1.n : s2.n;
	range = range / 2 >= 1 ? range / 2 - 1 : 0;
	for (i = 0; i < s1.n; i++) {
		lo = i > range ? i - range : 0;
		hi = i + range < s2.n - 1 ? i + range : s2.n - 1;
		for (j = lo; j <= hi; j++) {
			if (!f2[j] && s2.v[j] == s1.v[i]) {
				f1[i] = f2[j] = 1;
				common++;
				break;
			}
		}
	}
	if (!common) {
		w = 0;
		goto outf;
	}
	for (i = 0, k = 0; i < s1.n; i++) {
		if (!f1[i])
			continue;
		for (j = k; j < s2.n; j++) {
			if (f2[j]) {
				k = j + 1;
				break;
			}
		}
		if (s1.v[i] != s2.v[j])
			trans++;
	}
	trans /= 2;
	w = ((double)common / s1.n + (double)common / s2.n +
	    (double)(common - trans) / common) / 3.0;
	if (winkler && w > 0.7) {
		size_t lim = minlen < 4 ? minlen : 4;

		for (i = 0; i < lim && s1.v[i] == s2.v[i]; i++)
			;
		if (i)
			w += i * 0.1 * (1.0 - w);
		if (longtol && minlen > 4 && common > i + 1 && 2 * common >= minlen + i)
			w += (1.0 - w) * ((double)(common - i - 1) /
			    (double)(s1.n + s2.n - i * 2 + 2));
	}
outf:
	if (f1 != f1s)
		free(f1);
	if (f2 != f2s)
		free(f2);
out:
	cps_free(&s1);
	cps_free(&s2);
	return w;
}

double mops_jaro(const char *a, const char *b) { return jaro_core(a, b, 0, 0); }
double mops_jaro_winkler(const char *a, const char *b) { return jaro_core(a, b, 1, 0); }
double mops_jaro_winkler_long(const char *a, const char *b) { return jaro_core(a, b, 1, 1); }

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Levenshtein (osa = 0) or optimal string alignment (osa = 1), three rows. */
static size_t
edit_core(const char *a, const char *b, int osa)
{
	struct cps s1, s2;
	size_t *r0, *r1, *r2, *t, i, j, d;

	cps_load(&s1, a);
	cps_load(&s2, b);
	r0 = mops_xcalloc(s2.n + 1, sizeof(size_t));
	r1 = mops_xcalloc(s2.n + 1, sizeof(size_t));
	r2 = mops_xcalloc(s2.n + 1, sizeof(size_t));
	/* r0: row i-2, r1: row i-1, r2: row i */
	for (j = 0; j <= s2.n; j++)
		r1[j] = j;
	for (i = 1; i <= s1.n; i++) {
		r2[0] = i;
		for (j = 1; j <= s2.n; j++) {
			size_t cost = s1.v[i - 1] == s2.v[j - 1] ? 0 : 1;

			r2[j] = min3(r1[j] + 1, r2[j - 1] + 1, r1[j - 1] + cost);
			if (osa && i > 1 && j > 1 && s1.v[i - 1] == s2.v[j - 2] &&
			    s1.v[i - 2] == s2.v[j - 1] && r0[j - 2] + 1 < r2[j])
				r2[j] = r0[j - 2] + 1;
		}
		t = r0; r0 = r1; r1 = r2; r2 = t;
	}
	d = r1[s2.n];
	free(r0);
	free(r1);
	free(r2);
	cps_free(&s1);
	cps_free(&s2);
	return d;
}

size_t mops_levenshtein(const char *a, const char *b) { return edit_core(a, b, 0); }

int
mops_osa_within(const char *a, const char *b, size_t k)
{
	struct cps s1, s2;
	size_t rows[3][CPS_STACK + 1], *r0 = rows[0], *r1 = rows[1], *r2 = rows[2], *t;
	size_t i, j, rmin;
	int ok;

	if (!strcmp(a, b))
		return 1;
	cps_load(&s1, a);
	cps_load(&s2, b);
	if ((s1.n > s2.n ? s1.n - s2.n : s2.n - s1.n) > k) {
		ok = 0;
		goto out;
	}
	if (s2.n > CPS_STACK) {	/* long: the plain way */
		cps_free(&s1);
		cps_free(&s2);
		return mops_osa(a, b) <= k;
	}
	/* Only cells within k of the diagonal can stay <= k: a band of 2k + 1
	 * cells a row, the rest held at "too far" (k + 1). */
	for (j = 0; j <= s2.n; j++)
		r0[j] = r1[j] = r2[j] = j <= k ? j : k + 1;
	for (i = 1; i <= s1.n; i++) {
		size_t lo = i > k ? i - k : 1, hi = i + k < s2.n ? i + k : s2.n;

		r2[0] = i <= k ? i : k + 1;
		if (lo > 1)
			r2[lo - 1] = k + 1;
		rmin = r2[0];
		for (j = lo; j <= hi; j++) {
			size_t cost = s1.v[i - 1] == s2.v[j - 1] ? 0 : 1;

			r2[j] = min3(r1[j] + 1, r2[j - 1] + 1, r1[j - 1] + cost);
			if (i > 1 && j > 1 && s1.v[i - 1] == s2.v[j - 2] &&
			    s1.v[i - 2] == s2.v[j - 1] && r0[j - 2] + 1 < r2[j])
				r2[j] = r0[j - 2] + 1;
			if (r2[j] > k + 1)
				r2[j] = k + 1;
			if (r2[j] < rmin)
				rmin = r2[j];
		}
		if (hi < s2.n)
			r2[hi + 1] = k + 1;
		/* a transposition can lower the next row by one at most */
		if (rmin > k + 1) {
			ok = 0;
			goto out;
		}
		t = r0; r0 = r1; r1 = r2; r2 = t;
	}
	ok = r1[s2.n] <= k;
out:
	cps_free(&s1);
	cps_free(&s2);
	return ok;
}
size_t mops_osa(const char *a, const char *b) { return edit_core(a, b, 1); }

size_t
mops_damerau(const char *a, const char *b)
{
	struct cps s1, s2;
	size_t n1, n2, i, j, inf, w, d, nda = 0;
	size_t *score, *daval;
	uint32_t *dakey;

	cps_load(&s1, a);
	cps_load(&s2, b);
	n1 = s1.n;
	n2 = s2.n;
	inf = n1 + n2;
	w = n2 + 2;
	score = mops_xcalloc((n1 + 2) * w, sizeof(size_t));
	/* da: last row where each code point of s1 was seen (linear map). */
	dakey = mops_xcalloc(n1 + 1, sizeof(uint32_t));
	daval = mops_xcalloc(n1 + 1, sizeof(size_t));
#define S(x, y) score[(x) * w + (y)]
	S(0, 0) = inf;
	for (i = 0; i <= n1; i++) {
		S(i + 1, 0) = inf;
		S(i + 1, 1) = i;
	}
	for (j = 0; j <= n2; j++) {
		S(0, j + 1) = inf;
		S(1, j + 1) = j;
	}
	for (i = 1; i <= n1; i++) {
		size_t db = 0, k;

		for (j = 1; j <= n2; j++) {
			size_t i1 = 0, j1 = db, cost = 1, v;

			for (k = 0; k < nda; k++)
				if (dakey[k] == s2.v[j - 1]) {
					i1 = daval[k];
					break;
				}
			if (s1.v[i - 1] == s2.v[j - 1]) {
				cost = 0;
				db = j;
			}
			v = min3(S(i, j) + cost, S(i + 1, j) + 1, S(i, j + 1) + 1);
			if (S(i1, j1) + (i - i1 - 1) + 1 + (j - j1 - 1) < v)
				v = S(i1, j1) + (i - i1 - 1) + 1 + (j - j1 - 1);
			S(i + 1, j + 1) = v;
		}
		for (k = 0; k < nda && dakey[k] != s1.v[i - 1]; k++)
			;
		if (k == nda) {
			dakey[nda] = s1.v[i - 1];
			nda++;
		}
		daval[k] = i;
	}
	d = S(n1 + 1, n2 + 1);
#undef S
	free(score);
	free(dakey);
	free(daval);
	cps_free(&s1);
	cps_free(&s2);
	return d;
}

/* One code point folded: lowercase ASCII, accents removed; "" for marks. */
static size_t
fold_cp(uint32_t cp, const char *src, size_t n, char *o, size_t osz)
{
	char in[5], key[16];
	size_t k;

	if (cp < 0x80) {
		o[0] = (char)tolower((int)cp);
		return 1;
	}
	if (cp >= 0x300 && cp <= 0x36F)
		return 0;
	memcpy(in, src, n);
	in[n] = '\0';
	k = mops_utf8_fold_key(in, key, sizeof(key));
	if (k == (size_t)-1 || k == 0 || k > osz) {
		if (k == 0)
			return (size_t)-2;	/* a separator */
		if (n > osz)
			return 0;
		memcpy(o, src, n);
		return n;
	}
	memcpy(o, key, k);
	return k;
}

size_t
mops_str_fold(const char *s, char *out, size_t outsz)
{
	size_t len = strlen(s), i = 0, o = 0;
	int space = 0;

	if (!outsz)
		return 0;
	while (i < len) {
		uint32_t cp;
		size_t n = mops_utf8_decode(s + i, len - i, &cp), k;
		char tmp[16];
		int sep;

		if (cp < 0x80)
			sep = !isalnum((int)cp);
		else
			sep = 0;
		k = sep ? (size_t)-2 : fold_cp(cp, s + i, n, tmp, sizeof(tmp));
		i += n;
		if (k == (size_t)-2) {
			space = o > 0;
			continue;
		}
		if (space) {
			if (o + 1 >= outsz)
				break;
			out[o++] = ' ';
			space = 0;
		}
		if (o + k >= outsz)
			break;
		memcpy(out + o, tmp, k);
		o += k;
	}
	out[o] = '\0';
	return o;
}

/* ASCII work copy for the phonetic coders: folded like mops_str_fold but keeping
 * single spaces, so "sunlight labs" stays two words.  Caller frees. */
static char *
phon_prep(const char *s, int upper)
{
	size_t n = strlen(s) * 3 + 8, i;
	char *t = mops_xmalloc(n);

	mops_str_fold(s, t, n);
	if (upper)
		for (i = 0; t[i]; i++)
			t[i] = (char)toupper((unsigned char)t[i]);
	return t;
}

static size_t
put(char *out, size_t outsz, size_t o, char c)
{
	if (o + 1 < outsz)
		out[o++] = c;
	return o;
}

size_t
mops_soundex(const char *s, char *out, size_t outsz)
{
	static const char *const sets[] = { "BFPV", "CGJKQSXZ", "DT", "L", "MN", "R" };
	char *t, last = 0;
	size_t o = 0, i, count = 1, k, flen;
	uint32_t cp;

	if (!outsz)
		return 0;
	out[0] = '\0';
	if (!*s)
		return 0;
	/* the first character as written, folded and upper-cased */
	flen = mops_utf8_decode(s, strlen(s), &cp);
	{
		char tmp[16];
		size_t fk = fold_cp(cp, s, flen, tmp, sizeof(tmp));

		if (fk == (size_t)-2 || fk == 0 || (unsigned char)tmp[0] >= 0x80 ||
		    !isalpha((unsigned char)tmp[0])) {
			for (k = 0; k < flen && o + 1 < outsz; k++)
				out[o++] = s[k];
		} else
			o = put(out, outsz, o, (char)toupper((unsigned char)tmp[0]));
	}
	t = phon_prep(s, 1);
	for (k = 0; k < 6; k++)
		if (t[0] && strchr(sets[k], t[0]))
			last = (char)('1' + k);
	for (i = t[0] ? 1 : 0; t[i] && count < 4; i++) {
		char c = t[i];

		for (k = 0; k < 6; k++)
			if (strchr(sets[k], c))
				break;
		if (k < 6) {
			if ('1' + (char)k != last) {
				o = put(out, outsz, o, (char)('1' + k));
				count++;
			}
			last = (char)('1' + k);
		} else if (c != 'H' && c != 'W')
			last = 0;
	}
	while (count++ < 4)
		o = put(out, outsz, o, '0');
	out[o] = '\0';
	free(t);
	return o;
}

static int
isvowel(int c)
{
	return c && strchr("aeiou", c) != NULL;
}

size_t
mops_metaphone(const char *s, char *out, size_t outsz)
{
	char *t = phon_prep(s, 0), *p = t;
	size_t n, i, o = 0;

	if (!outsz) {
		free(t);
		return 0;
	}
	/* jellyfish keeps spaces as word breaks; strip non-letters except space */
	for (i = 0, n = 0; t[i]; i++)
		if (isalpha((unsigned char)t[i]) || t[i] == ' ' ||
		    isdigit((unsigned char)t[i]))
			t[n++] = t[i];
	t[n] = '\0';
	if (!strncmp(p, "kn", 2) || !strncmp(p, "gn", 2) || !strncmp(p, "pn", 2) ||
	    !strncmp(p, "wr", 2) || !strncmp(p, "ae", 2))
		p++;
	n = strlen(p);
	for (i = 0; i < n; i++) {
		char c = p[i], nx = i + 1 < n ? p[i + 1] : 0,
		     nn = i + 2 < n ? p[i + 2] : 0, pv = i ? p[i - 1] : 0;

		if (c == nx && c != 'c')
			continue;
		switch (c) {
		case 'a': case 'e': case 'i': case 'o': case 'u':
			if (i == 0 || pv == ' ')
				o = put(out, outsz, o, (char)toupper(c));
			break;
		case 'b':
			if (!(i != 0 && pv == 'm') || nx)
				o = put(out, outsz, o, 'B');
			break;
		case 'c':
			if ((nx == 'i' && nn == 'a') || nx == 'h') {
				o = put(out, outsz, o, 'X');
				i++;
			} else if (nx && strchr("iey", nx)) {
				o = put(out, outsz, o, 'S');
				i++;
			} else
				o = put(out, outsz, o, 'K');
			break;
		case 'd':
			if (nx == 'g' && nn && strchr("iey", nn)) {
				o = put(out, outsz, o, 'J');
				i += 2;
			} else
				o = put(out, outsz, o, 'T');
			break;
		case 'f': case 'j': case 'l': case 'm': case 'n': case 'r':
			o = put(out, outsz, o, (char)toupper(c));
			break;
		case 'g':
			if (nx && strchr("iey", nx))
				o = put(out, outsz, o, 'J');
			else if (nx == 'h' && nn && !isvowel(nn))
				i++;
			else if (nx == 'n' && !nn)
				i++;
			else
				o = put(out, outsz, o, 'K');
			break;
		case 'h':
			if (i == 0 || isvowel(nx) || !isvowel(pv))
				o = put(out, outsz, o, 'H');
			break;
		case 'k':
			if (i == 0 || pv != 'c')
				o = put(out, outsz, o, 'K');
			break;
		case 'p':
			if (nx == 'h') {
				o = put(out, outsz, o, 'F');
				i++;
			} else
				o = put(out, outsz, o, 'P');
			break;
		case 'q':
			o = put(out, outsz, o, 'K');
			break;
		case 's':
			if (nx == 'h') {
				o = put(out, outsz, o, 'X');
				i++;
			} else if (nx == 'i' && nn && strchr("oa", nn)) {
				o = put(out, outsz, o, 'X');
				i += 2;
			} else
				o = put(out, outsz, o, 'S');
			break;
		case 't':
			if (nx == 'i' && nn && strchr("oa", nn))
				o = put(out, outsz, o, 'X');
			else if (nx == 'h') {
				o = put(out, outsz, o, '0');
				i++;
			} else if (nx != 'c' || nn != 'h')
				o = put(out, outsz, o, 'T');
			break;
		case 'v':
			o = put(out, outsz, o, 'F');
			break;
		case 'w':
			if (i == 0 && nx == 'h') {
				i++;
				o = put(out, outsz, o, 'W');
			} else if (isvowel(nx))
				o = put(out, outsz, o, 'W');
			break;
		case 'x':
			if (i == 0) {
				if (nx == 'h' || (nx == 'i' && nn && strchr("oa", nn)))
					o = put(out, outsz, o, 'X');
				else
					o = put(out, outsz, o, 'S');
			} else {
				o = put(out, outsz, o, 'K');
				o = put(out, outsz, o, 'S');
			}
			break;
		case 'y':
			if (isvowel(nx))
				o = put(out, outsz, o, 'Y');
			break;
		case 'z':
			o = put(out, outsz, o, 'S');
			break;
		case ' ':
			if (o > 0 && out[o - 1] != ' ')
				o = put(out, outsz, o, ' ');
			break;
		default:
			break;
		}
	}
	out[o] = '\0';
	free(t);
	return o;
}

static int
ends(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

size_t
mops_nysiis(const char *s, char *out, size_t outsz)
{
	char *t = phon_prep(s, 1), *w, *key;
	size_t n, i, kn = 0, tn;

	if (!outsz) {
		free(t);
		return 0;
	}
	/* letters only, as jellyfish's inputs are names */
	for (i = 0, n = 0; t[i]; i++)
		if (isalpha((unsigned char)t[i]))
			t[n++] = t[i];
	t[n] = '\0';
	if (!n) {
		out[0] = '\0';
		free(t);
		return 0;
	}
	w = mops_xmalloc(n + 4);
	if (!strncmp(t, "MAC", 3))
		snprintf(w, n + 4, "MCC%s", t + 3);
	else if (!strncmp(t, "KN", 2))
		snprintf(w, n + 4, "%s", t + 1);
	else if (t[0] == 'K')
		snprintf(w, n + 4, "C%s", t + 1);
	else if (!strncmp(t, "PH", 2) || !strncmp(t, "PF", 2))
		snprintf(w, n + 4, "FF%s", t + 2);
	else if (!strncmp(t, "SCH", 3))
		snprintf(w, n + 4, "SSS%s", t + 3);
	else
		snprintf(w, n + 4, "%s", t);
	tn = strlen(w);
	if (ends(w, tn, "IE") || ends(w, tn, "EE")) {
		w[tn - 2] = 'Y';
		w[--tn] = '\0';
	} else if (ends(w, tn, "DT") || ends(w, tn, "RT") || ends(w, tn, "RD") ||
	    ends(w, tn, "NT") || ends(w, tn, "ND")) {
		w[tn - 2] = 'D';
		w[--tn] = '\0';
	}
	key = mops_xmalloc(2 * tn + 2);
	key[kn++] = w[0];
	for (i = 1; i < tn; i++) {
		char ch[3] = { w[i], 0, 0 };
		size_t cl;

		if (w[i] == 'E' && i + 1 < tn && w[i + 1] == 'V') {
			ch[0] = 'A'; ch[1] = 'F';
			i++;
		} else if (strchr("AEIOU", w[i]))
			ch[0] = 'A';
		else if (w[i] == 'Q')
			ch[0] = 'G';
		else if (w[i] == 'Z')
			ch[0] = 'S';
		else if (w[i] == 'M')
			ch[0] = 'N';
		else if (w[i] == 'K')
			ch[0] = (i + 1 < tn && w[i + 1] == 'N') ? 'N' : 'C';
		else if (w[i] == 'S' && i + 2 < tn + 0 && w[i + 1] == 'C' && w[i + 2] == 'H') {
			ch[0] = 'S'; ch[1] = 'S';
			i += 2;
		} else if (w[i] == 'P' && i + 1 < tn && w[i + 1] == 'H') {
			ch[0] = 'F';
			i++;
		} else if (w[i] == 'H' && (!strchr("AEIOU", w[i - 1]) ||
		    (i + 1 < tn && !strchr("AEIOU", w[i + 1])) || i + 1 >= tn)) {
			ch[0] = strchr("AEIOU", w[i - 1]) ? 'A' : w[i - 1];
		} else if (w[i] == 'W' && strchr("AEIOU", w[i - 1]))
			ch[0] = w[i - 1];
		cl = strlen(ch);
		if (ch[cl - 1] != key[kn - 1]) {
			memcpy(key + kn, ch, cl);
			kn += cl;
		}
	}
	key[kn] = '\0';
	if (kn > 1 && key[kn - 1] == 'S')
		key[--kn] = '\0';
	if (kn >= 2 && key[kn - 2] == 'A' && key[kn - 1] == 'Y') {
		key[kn - 2] = 'Y';
		key[--kn] = '\0';
	}
	if (kn > 1 && key[kn - 1] == 'A')
		key[--kn] = '\0';
	snprintf(out, outsz, "%s", key);
	free(t);
	free(w);
	free(key);
	return strlen(out);
}
