# SPDX-License-Identifier: GPL-3.0-or-later
"""The reference for bench-topics.sh: scikit-learn's TF-IDF + TruncatedSVD
+ KMeans on the documents bench-topics dumped (one JSON object per line,
"text" and "label").  Prints "seconds S nmi X ari Y" for the span from the
texts in memory to labelled clusters (top terms per cluster)."""
import json
import sys
import time

from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer


def main():
    docs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    texts = [d["text"] for d in docs]
    labels = [d["label"] for d in docs]
    t0 = time.monotonic()
    # As scikit-learn's own example "Clustering text documents using
    # k-means" does it.
    vec = TfidfVectorizer(max_df=0.5, min_df=5, stop_words="english",
                          sublinear_tf=True)
    x = vec.fit_transform(texts)
    lsa = make_pipeline(TruncatedSVD(n_components=100, random_state=42),
                        Normalizer(copy=False))
    x_lsa = lsa.fit_transform(x)
    km = KMeans(n_clusters=k, n_init=10, max_iter=100, random_state=42)
    km.fit(x_lsa)
    centroids = lsa[0].inverse_transform(km.cluster_centers_)
    terms = vec.get_feature_names_out()
    top = [[terms[i] for i in c.argsort()[::-1][:10]] for c in centroids]
    secs = time.monotonic() - t0
    assert len(top) == k
    print("seconds %.2f nmi %.3f ari %.3f" % (
        secs, normalized_mutual_info_score(labels, km.labels_),
        adjusted_rand_score(labels, km.labels_)))


if __name__ == "__main__":
    main()
