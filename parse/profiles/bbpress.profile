# bbPress 2 (the WordPress forum plugin): topic and reply loop.  The
# header with the date and the post body are sibling elements.
# Keys and format: see netno(1), section PROFILES.
name: bbpress
kind: forum_thread
hint: bbp-reply-content
match: //div[contains(@class,'bbp-reply-content')]
post: //div[contains(@class,'bbp-reply-header')]/following-sibling::div[1][.//div[contains(@class,'bbp-reply-content')]]
author: .//*[contains(@class,'bbp-author-name')] | .//a[contains(@class,'bbp-author-link')]
author_url: .//a[contains(@class,'bbp-author-name') or contains(@class,'bbp-author-link')]/@href
date: preceding-sibling::div[1]//*[contains(@class,'bbp-reply-post-date')]
text: .//div[contains(@class,'bbp-reply-content')]
permalink: preceding-sibling::div[1]//a[contains(@class,'bbp-reply-permalink')]/@href
native_id: preceding-sibling::div[1]/@id
quote: .//blockquote
drop: .//*[contains(@class,'bbp-reply-revision-log') or contains(@class,'bbp-signature')]
next_page: //div[contains(@class,'bbp-pagination-links')]/a[contains(@class,'next')]/@href
