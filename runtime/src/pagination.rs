//! Walking a paginated operation page by page as one stream.

use super::error::Error;

/// The items of a paginated operation as one stream: `fetch(page)` returns a page's items and
/// the total count if the API gives one. The walk ends after an empty page, once `total` items
/// were seen (a walk that starts past page 1 counts the pages before it as full pages of the
/// first page's size), or after the first error, which is the last item of the stream.
pub fn paginate<T, F, Fut>(
    first: i64,
    fetch: F,
) -> impl futures_core::Stream<Item = Result<T, Error>> + Send + 'static
where
    T: Send + 'static,
    F: FnMut(i64) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<u64>), Error>> + Send,
{
    /// Where the walk is.
    struct Walk<T, F> {
        /// Fetches one page.
        fetch: F,
        /// The next page to fetch.
        page: i64,
        /// How many items the pages so far held.
        seen: u64,
        /// Whether no page is left to fetch.
        done: bool,
        /// Items fetched and not yet yielded.
        buffer: std::collections::VecDeque<T>,
    }
    let walk = Walk {
        fetch,
        page: first.max(1),
        seen: 0,
        done: false,
        buffer: std::collections::VecDeque::new(),
    };
    futures_util::stream::unfold(walk, |mut walk| async move {
        loop {
            if let Some(item) = walk.buffer.pop_front() {
                return Some((Ok(item), walk));
            }
            if walk.done {
                return None;
            }
            match (walk.fetch)(walk.page).await {
                Err(error) => {
                    walk.done = true;
                    return Some((Err(error), walk));
                }
                Ok((items, total)) => {
                    if walk.seen == 0 && walk.page > 1 {
                        walk.seen = (items.len() as u64).saturating_mul((walk.page - 1) as u64);
                    }
                    walk.seen = walk.seen.saturating_add(items.len() as u64);
                    walk.done = items.is_empty()
                        || total.is_some_and(|total| walk.seen >= total)
                        || walk.page == i64::MAX;
                    walk.page = walk.page.saturating_add(1);
                    walk.buffer.extend(items);
                }
            }
        }
    })
}

/// A page number in the integer type of the request's page field.
pub fn page_number<N: TryFrom<i64>>(page: i64) -> Result<N, Error> {
    N::try_from(page).map_err(|_| Error::Config(format!("page {page} is out of range")))
}
