# MyBB 1.8: the default theme (classic and horizontal postbits).
# Keys and format: see netno(1), section PROFILES.
name: mybb
kind: forum_thread
hint: pid_
match: //div[@id='posts']/div[starts-with(@id,'post_')][.//div[starts-with(@id,'pid_')]]
post: //div[@id='posts']/div[starts-with(@id,'post_')][.//div[starts-with(@id,'pid_')]]
author: .//div[contains(@class,'author_information')]//*[contains(@class,'largetext')]//a | .//div[contains(@class,'author_information')]//*[contains(@class,'largetext')]
author_url: .//div[contains(@class,'author_information')]//*[contains(@class,'largetext')]//a/@href
date: .//span[contains(@class,'post_date')]
text: .//div[starts-with(@id,'pid_')]
permalink: .//div[contains(@class,'post_head')]//a[contains(@href,'pid')]/@href
native_id: @id
quote: .//blockquote[contains(@class,'mycode_quote')]
drop: .//div[contains(@class,'signature')] | .//span[contains(@class,'post_edit')]
next_page: //div[contains(@class,'pagination')]//a[contains(@class,'pagination_next')]/@href
