# XenForo 1 and 2: the default templates (thread_view).
# Keys and format: see netno(1), section PROFILES.
name: xenforo2
kind: forum_thread
hint: XF
match: /html[@id='XF']
post: //article[contains(concat(' ',normalize-space(@class),' '),' message--post ')]
author: @data-author
author_url: .//*[contains(@class,'message-name')]//a[contains(@class,'username')]/@href
date: .//*[contains(@class,'message-attribution')]//time
text: .//*[contains(concat(' ',normalize-space(@class),' '),' message-body ')]
permalink: .//*[contains(@class,'message-attribution')]//a[contains(@href,'post-')]/@href
native_id: @data-content
quote: .//blockquote[contains(@class,'bbCodeBlock--quote')] | .//div[contains(@class,'bbCodeBlock--quote')]
drop: .//*[contains(@class,'message-signature') or contains(@class,'message-lastEdit') or contains(@class,'js-selectToQuoteEnd')]
next_page: //a[contains(@class,'pageNav-jump--next')]/@href

name: xenforo1
kind: forum_thread
hint: XenForo
match: /html[@id='XenForo']
post: //ol[@id='messageList']/li[contains(concat(' ',normalize-space(@class),' '),' message ')]
author: @data-author
author_url: .//*[contains(@class,'messageUserBlock')]//a[contains(@class,'username')]/@href
date: .//*[contains(concat(' ',normalize-space(@class),' '),' DateTime ')][not(ancestor::*[contains(@class,'messageUserInfo') or contains(@class,'editDate') or contains(@class,'messageText')])]
text: .//*[contains(concat(' ',normalize-space(@class),' '),' messageText ')]
permalink: .//a[contains(@class,'datePermalink')]/@href
native_id: @id
quote: .//div[contains(concat(' ',normalize-space(@class),' '),' bbCodeQuote ')]
drop: .//*[contains(@class,'signature') or contains(@class,'editDate')]
next_page: //div[contains(@class,'PageNav')]/nav/a[contains(@class,'text')][last()]/@href
