# WoltLab Burning Board 4 and 5 (WoltLab Suite Forum).
# Keys and format: see netno(1), section PROFILES.
name: woltlab
kind: forum_thread
hint: wbbPost
match: //article[contains(concat(' ',normalize-space(@class),' '),' wbbPost ')]
post: //article[contains(concat(' ',normalize-space(@class),' '),' wbbPost ')]
author: .//*[contains(@class,'messageSidebar')]//a[contains(@class,'username')] | .//*[contains(@class,'messageAuthor')]//a[contains(@class,'username')] | .//*[contains(@class,'messageSidebar')]//*[contains(@class,'username')]
author_url: (.//*[contains(@class,'messageSidebar')]//a[contains(@class,'username')] | .//*[contains(@class,'messageAuthor')]//a[contains(@class,'username')])/@href
date: .//*[contains(@class,'messageHeader')]//time
text: .//div[contains(concat(' ',normalize-space(@class),' '),' messageText ')]
permalink: .//*[contains(@class,'messageHeader')]//a[contains(@class,'permalink')]/@href
native_id: @data-post-id
quote: .//blockquote[contains(@class,'quoteBox')]
drop: .//div[contains(@class,'messageSignature')] | .//div[contains(@class,'messageFooterNote')]
next_page: //li[contains(@class,'skip')]/a[@rel='next']/@href
