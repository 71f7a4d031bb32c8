# Blogger (Blogspot): the post and its comments, classic (dl) and
# threaded (li) comment markup.  Comment times come from the epoch in
# the comment's permalink (?showComment=MILLISECONDS), which the page
# shows only in part ("21:00").
# Keys and format: see netno(1), section PROFILES.
name: blogger
kind: blog_post
hint: logger|LOGGER|post-body-
match: //meta[@name='generator'][translate(@content,'BLOGER','bloger')='blogger'] | //div[contains(@class,'post-body')][starts-with(@id,'post-body-')]
post: //div[contains(concat(' ',normalize-space(@class),' '),' post ')][.//div[contains(@class,'post-body')]] | //div[contains(@class,'post-body')][not(ancestor::div[contains(concat(' ',normalize-space(@class),' '),' post ')])] | //li[contains(concat(' ',normalize-space(@class),' '),' comment ')][starts-with(@id,'c')] | //dl[@id='comments-block']/dt[contains(@class,'comment-author')]
author: self::div//*[contains(@class,'post-author')]//*[@itemprop='name'] | self::div//*[contains(@class,'post-author')]//a | self::li/div[contains(@class,'comment-block')]//cite | self::dt/a[@href][last()]
author_url: (self::div//*[contains(@class,'post-author')]//a | self::li/div[contains(@class,'comment-block')]//cite//a | self::dt/a[@href][last()])/@href
date: concat(substring-before(substring-after(self::li/div[contains(@class,'comment-block')]//*[contains(@class,'datetime')]//a/@href,'showComment='),'#'), substring-before(substring-after(self::dt/following-sibling::dd[contains(@class,'comment-footer')][1]//a/@href,'showComment='),'#'), self::div//abbr[contains(@class,'published')]/@title, string(self::div[not(.//abbr[contains(@class,'published')])]/ancestor::*[contains(@class,'date-outer')][1]/*[contains(@class,'date-header')]))
text: descendant-or-self::div[contains(@class,'post-body')] | self::li/div[contains(@class,'comment-block')]/*[contains(@class,'comment-content')] | self::dt/following-sibling::dd[contains(@class,'comment-body')][1]
permalink: (self::div//a[contains(@class,'timestamp-link')] | self::li/div[contains(@class,'comment-block')]//*[contains(@class,'datetime')]//a | self::dt/following-sibling::dd[contains(@class,'comment-footer')][1]//*[contains(@class,'comment-timestamp')]//a)/@href
native_id: @id | .//a[@name]/@name
quote: .//blockquote[ancestor::*[contains(@class,'comment')]]
next_page: //a[contains(@class,'blog-pager-older-link')]/@href
